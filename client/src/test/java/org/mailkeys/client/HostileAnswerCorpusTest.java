package org.mailkeys.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailkeys.protocol.ThreadCpuTime;
import org.mailkeys.protocol.KAuth;

/**
 * The answer corpus (src/test/resources/corpus/answers, written by the protocol module's HostileCorpusGenerator):
 * mails a malicious KST or anyone on the path may send to a client. Each is read against the pending request its
 * {@code .expect} file describes; the verdict, and whether the mail counts as an answer and settles the request,
 * must be what docs/PROTOCOL.md 3.2, 4 and 6 say. A verdict that uses a key ({@code KeyFound}) is expected only where the
 * key is genuine and verified.
 */
class HostileAnswerCorpusTest {
    static final Path CORPUS = Paths.get("src/test/resources/corpus/answers").toAbsolutePath();

    private final AnswerEvaluator evaluator = new AnswerEvaluator();

    static List<Path> answers() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.filter(file -> file.toString().endsWith(".eml")).sorted().collect(Collectors.toList());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void eachAnswerShouldGetTheVerdictItsExpectFileNames(Path eml) throws Exception {
        Properties expect = expectations(eml);
        PendingRequest request = new PendingRequest(expect.getProperty("message.id"), RequestKind.valueOf(expect.getProperty("kind")),
            expect.getProperty("address"), "bob@acme.test", KAuth.parse(expect.getProperty("kauth")).orElseThrow(), Instant.now(),
            false, Optional.ofNullable(expect.getProperty("sent.key.base64")).map(Base64.getDecoder()::decode));
        Duration limit = Duration.ofSeconds(Long.parseLong(expect.getProperty("max.seconds", "30")));

        byte[] mail = Files.readAllBytes(eml);

        // CPU time of this thread, not the wall clock, which grows with the machine's load
        Optional<AnswerEvaluator.Evaluation> evaluation = ThreadCpuTime.atMost(limit,
            () -> evaluator.evaluate(mail, List.of(request)));

        String verdict = expect.getProperty("verdict");
        if (verdict.equals("none")) {
            assertThat(evaluation).as("a mail that concerns no pending request").isEmpty();
            return;
        }
        assertThat(evaluation).as("the mail concerns the pending request").isPresent();
        Outcome outcome = evaluation.get().outcome();
        assertThat(outcome.getClass().getSimpleName()).as(outcome.describe()).isEqualTo(verdict);
        assertThat(evaluation.get().countsAsAnswer()).as("counts as an answer").isEqualTo(Boolean.parseBoolean(expect.getProperty("counts.as.answer")));
        assertThat(evaluation.get().settlesRequest()).as("settles the request").isEqualTo(Boolean.parseBoolean(expect.getProperty("settles.request")));
        if (expect.containsKey("verified")) {
            assertThat(((Outcome.ServerError) outcome).verified()).as("ERROR verified").isEqualTo(Boolean.parseBoolean(expect.getProperty("verified")));
        }
    }

    @org.junit.jupiter.api.Test
    void theCorpusShouldHoldEveryKindOfHostileAnswer() throws IOException {
        assertThat(answers()).hasSizeGreaterThanOrEqualTo(30);
    }

    private static Properties expectations(Path eml) throws IOException {
        Properties expect = new Properties();
        Path file = eml.resolveSibling(eml.getFileName().toString().replaceFirst("\\.eml$", ".expect"));
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            expect.load(reader);
        }
        return expect;
    }
}
