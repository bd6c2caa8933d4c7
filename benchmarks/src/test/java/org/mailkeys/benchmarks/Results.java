package org.mailkeys.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one run, printed as one table and written as {@code results.json}: {@code {"name": value}} for
 * every figure (null when missing), then the machine, the Java version, the date and the mode, and each figure's
 * detail under {@code "details"}.
 */
public final class Results {
    /**
     * Every name the run must write, in the order of the table; a part that did not run leaves its names missing.
     * The KST part's names come first, up to plain_submission_vs_wks_server; the figures without a goal among them
     * (two_pass_*, plain_submission_*) are context: James' own paths, measured in the same rounds, that bound the
     * goals.
     */
    public static final List<String> NAMES = List.of(
        "retrieval_vs_plain_c1", "retrieval_vs_plain_c4", "retrieval_vs_plain_c16",
        "two_pass_vs_plain_c1", "two_pass_vs_plain_c4", "two_pass_vs_plain_c16",
        "retrieval_vs_two_pass_c1", "retrieval_vs_two_pass_c4", "retrieval_vs_two_pass_c16",
        "latency_p50_vs_plain", "latency_p99_vs_plain", "two_pass_latency_p50_vs_plain", "two_pass_latency_p99_vs_plain",
        "latency_p50_vs_two_pass", "latency_p99_vs_two_pass",
        "publication_vs_wks_server", "publication_vs_gpg_import", "publication_vs_plain_submission",
        "plain_submission_vs_wks_server",
        "file_store_1m_vs_1k", "cassandra_store_1m_vs_1k",
        "heap_1m_keys_vs_empty",
        "wkd_vs_nginx_c1", "wkd_vs_nginx_c16", "wkd_keepalive_vs_nginx_c1", "wkd_keepalive_vs_nginx_c16",
        "autocrypt_header_worst_key_vs_ed25519",
        "jmh_parse_retrieval_request_us", "jmh_parse_publication_request_us",
        "jmh_key_policy_ed25519_us", "jmh_key_policy_rsa3072_us", "jmh_key_policy_2000_certifications_us",
        "jmh_mac_compute_us", "jmh_mac_verify_us",
        "publication_with_log_vs_without", "log_proof_bytes_1m",
        "jmh_vrf_prove_us", "jmh_vrf_verify_us", "jmh_log_proof_check_us", "jmh_log_tile_read_us",
        "retrieval_cassandra_vs_file_c4",
        "wkd_tls_vs_nginx_tls_c1", "wkd_tls_vs_nginx_tls_c16", "hkp_cached_vs_nginx_c1", "hkp_cached_vs_nginx_c16",
        "wks_publication_vs_wks_server");

    private final Map<String, Figure> figures = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    public synchronized void add(Figure figure) {
        if (!NAMES.contains(figure.name())) {
            throw new IllegalArgumentException("not a figure of the run: " + figure.name());
        }
        figures.put(figure.name(), figure);
    }

    /** A line under the table: fill times, sizes, what a part could not do. */
    public synchronized void note(String note) {
        notes.add(note);
    }

    public synchronized Figure get(String name) {
        return figures.getOrDefault(name, Figure.missing(name, "", "not measured in this run"));
    }

    public synchronized String table(String heading) {
        StringBuilder table = new StringBuilder(heading).append('\n')
            .append(String.format(Locale.ROOT, "%-40s %9s %8s %4s  %s%n", "figure", "value", "goal", "met", "spread and context"));
        for (String name : NAMES) {
            Figure figure = get(name);
            String met = figure.meetsGoal().map(ok -> ok ? "yes" : "NO").orElse("");
            table.append(String.format(Locale.ROOT, "%-40s %9s %8s %4s  %s%n", name, figure.formattedValue(), figure.goal(),
                met, figure.detail()));
        }
        notes.forEach(note -> table.append("  ").append(note).append('\n'));
        return table.toString();
    }

    public synchronized String json(boolean quick) {
        StringBuilder json = new StringBuilder("{\n");
        for (String name : NAMES) {
            json.append("  ").append(quote(name)).append(": ").append(get(name).value().map(Results::number).orElse("null")).append(",\n");
        }
        json.append("  \"machine\": ").append(quote(machine())).append(",\n");
        json.append("  \"java\": ").append(quote(System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))).append(",\n");
        json.append("  \"date\": ").append(quote(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())).append(",\n");
        json.append("  \"mode\": ").append(quote(quick ? "quick" : "full")).append(",\n");
        json.append("  \"details\": {\n");
        for (int i = 0; i < NAMES.size(); i++) {
            json.append("    ").append(quote(NAMES.get(i))).append(": ").append(quote(get(NAMES.get(i)).detail()))
                .append(i + 1 < NAMES.size() ? ",\n" : "\n");
        }
        json.append("  },\n  \"notes\": [");
        for (int i = 0; i < notes.size(); i++) {
            json.append(i == 0 ? "\n    " : ",\n    ").append(quote(notes.get(i)));
        }
        return json.append(notes.isEmpty() ? "]\n}\n" : "\n  ]\n}\n").toString();
    }

    public void write(Path file, boolean quick) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, json(quick), StandardCharsets.UTF_8);
    }

    /** Processors, memory and load at the end of the run: the figures are ratios, but the reader must know the box. */
    static String machine() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        long memoryBytes = ((com.sun.management.OperatingSystemMXBean) os).getTotalPhysicalMemorySize();
        return String.format(Locale.ROOT, "%s %s %s, %d processors, %.1f GiB memory, load average %.2f", os.getName(),
            os.getVersion(), os.getArch(), os.getAvailableProcessors(), memoryBytes / (1024.0 * 1024 * 1024),
            os.getSystemLoadAverage());
    }

    private static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "null";
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
