package org.mailkeys.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The only part of the module a plain build runs: what the benchmark run writes. */
class ResultsTest {
    @Test
    void jsonShouldNameEveryFigureWithNullForTheMissingOnes() {
        Results results = new Results();
        results.add(Figure.measured("retrieval_vs_plain_c1", 0.93, ">= 0.9", "rounds 0.90-0.95 (4)"));

        String json = results.json(true);

        assertThat(json).contains("\"retrieval_vs_plain_c1\": 0.9300,", "\"retrieval_vs_plain_c4\": null,",
            "\"machine\": ", "\"java\": ", "\"date\": ", "\"mode\": \"quick\"");
        Results.NAMES.forEach(name -> assertThat(json).contains("\"" + name + "\": "));
    }

    @Test
    void everyFigureTheIssueNamesShouldStayBesideTheContextFigures() {
        assertThat(Results.NAMES).contains("retrieval_vs_plain_c1", "retrieval_vs_plain_c4", "retrieval_vs_plain_c16",
            "latency_p50_vs_plain", "latency_p99_vs_plain", "publication_vs_wks_server", "publication_vs_gpg_import",
            "file_store_1m_vs_1k", "cassandra_store_1m_vs_1k", "heap_1m_keys_vs_empty", "wkd_vs_nginx_c1", "wkd_vs_nginx_c16",
            "two_pass_vs_plain_c1", "two_pass_vs_plain_c4", "two_pass_vs_plain_c16", "retrieval_vs_two_pass_c1",
            "retrieval_vs_two_pass_c4", "retrieval_vs_two_pass_c16", "two_pass_latency_p50_vs_plain", "two_pass_latency_p99_vs_plain",
            "plain_submission_vs_wks_server", "latency_p50_vs_two_pass", "latency_p99_vs_two_pass",
            "publication_vs_plain_submission", "retrieval_cassandra_vs_file_c4", "autocrypt_header_worst_key_vs_ed25519")
            .doesNotHaveDuplicates();
    }

    @Test
    void tableShouldSayWhetherEachGoalIsMet() {
        Results results = new Results();
        results.add(Figure.measured("latency_p50_vs_plain", 1.2, "<= 1.1", ""));
        results.add(Figure.measured("retrieval_vs_plain_c4", 0.95, ">= 0.9", ""));
        results.add(Figure.missing("wkd_vs_nginx_c1", ">= 0.5", "nginx is not installed"));

        String table = results.table("heading");

        assertThat(table).containsPattern("latency_p50_vs_plain +1\\.200 +<= 1\\.1 +NO")
            .containsPattern("retrieval_vs_plain_c4 +0\\.950 +>= 0\\.9 +yes")
            .containsPattern("wkd_vs_nginx_c1 +missing +>= 0\\.5 +MISSING: nginx is not installed");
    }

    @Test
    void detailsShouldBeEscapedAsJsonStrings() {
        assertThat(Results.quote("a \"b\" \\ \n")).isEqualTo("\"a \\\"b\\\" \\\\ \\u000a\"");
    }

    @Test
    void anUnknownFigureShouldBeRefused() {
        assertThatThrownBy(() -> new Results().add(Figure.measured("made_up", 1, "", ""))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roundRatiosShouldSumWorkAndTimeAndShowTheSpread() {
        RoundRatios ratios = new RoundRatios();
        ratios.add(100, 1, 100, 2);
        ratios.add(100, 2, 100, 2);

        assertThat(ratios.ratio()).isEqualTo((200.0 / 3) / 50.0);
        assertThat(ratios.lowest()).isEqualTo(1.0);
        assertThat(ratios.highest()).isEqualTo(2.0);
    }
}
