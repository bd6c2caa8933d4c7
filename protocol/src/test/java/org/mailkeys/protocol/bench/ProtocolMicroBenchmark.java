package org.mailkeys.protocol.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.KeyRequest;
import org.mailkeys.protocol.ProtocolException;
import org.mailkeys.protocol.PublicKeyArmor;
import org.mailkeys.protocol.PublicKeyPolicy;
import org.mailkeys.protocol.RequestParser;
import org.mailkeys.protocol.RequestWriter;

/**
 * Prints what the KST's per-request protocol work costs on this machine: the OpenPGP checks of a publication, the
 * parsing of request bodies, against HMAC-SHA256 over 1 KB measured in the same run (the baseline: every answer
 * carries one). Not a test of speed: it asserts only that each operation gives the right result. Runs only on demand:
 * {@code mvn -B -o -pl protocol test -Dtest=ProtocolMicroBenchmark -Dmailkeys.bench=true}.
 */
@EnabledIfSystemProperty(named = "mailkeys.bench", matches = "true")
class ProtocolMicroBenchmark {
    private static final String ALICE = "alice@example.net";
    private static final String CAROL = "carol@example.net";
    private static final String ALICE_FINGERPRINT = "A869D709E618223FDA3E59FF8C159D4DDAB2D358";
    private static final String CAROL_FINGERPRINT = "3114CCA2999BFEF70C9DC112D8CEE3B84491E24E";

    private final PublicKeyPolicy policy = new PublicKeyPolicy();
    private final RequestParser parser = new RequestParser();

    @Test
    void printProtocolFigures() throws Exception {
        byte[] alice = keyBytes("alice.asc");
        byte[] carol = keyBytes("carol-rsa3072.asc");
        byte[] aliceCertified = keyBytes("alice-2000-certifications.asc");
        KAuth kAuth = KAuth.generate();
        byte[] oneKilobyte = new byte[1024];
        new Random(1).nextBytes(oneKilobyte);
        String publicationBody = new RequestWriter().publication(alice, kAuth);
        String retrievalBody = new RequestWriter().retrieval(ALICE, kAuth);

        assertThat(policy.accept(alice, ALICE).fingerprint()).isEqualTo(ALICE_FINGERPRINT);
        assertThat(policy.accept(carol, CAROL).fingerprint()).isEqualTo(CAROL_FINGERPRINT);
        assertThat(policy.accept(aliceCertified, ALICE).keyBytes()).isEqualTo(alice);
        assertThat(((KeyRequest.Publication) parser.parse(publicationBody)).keyBytes()).isEqualTo(alice);
        assertThat(((KeyRequest.Retrieval) parser.parse(retrievalBody)).queriedAddress()).isEqualTo(ALICE);
        assertThat(kAuth.macOver(oneKilobyte).verifies(kAuth, oneKilobyte)).isTrue();

        WarmedUpLoop loop = new WarmedUpLoop()
            .add("baseline: HMAC-SHA256 over 1 KB (KAuth.macOver)", () -> kAuth.macOver(oneKilobyte))
            .add("RequestParser.parse, retrieval body", () -> parser.parse(retrievalBody))
            .add("RequestParser.parse, publication body (alice)", () -> parser.parse(publicationBody))
            .add("PublicKeyPolicy.accept alice.asc (ed25519)", () -> policy.accept(alice, ALICE))
            .add("PublicKeyPolicy.accept carol-rsa3072.asc", () -> policy.accept(carol, CAROL))
            .add("PublicKeyPolicy.accept alice-2000-certifications", () -> policy.accept(aliceCertified, ALICE));
        List<WarmedUpLoop.Figure> figures = loop.measure();

        StringBuilder report = new StringBuilder()
            .append("MailKeys protocol micro-benchmark (").append(System.getProperty("java.vm.name")).append(' ')
            .append(System.getProperty("java.version")).append(", ").append(Runtime.getRuntime().availableProcessors())
            .append(" processors)\n")
            .append("15 interleaved rounds of ~40 ms batches after warm-up; per operation: median/min/max round\n")
            .append(WarmedUpLoop.Figure.header()).append('\n');
        figures.forEach(figure -> report.append(figure.line()).append('\n'));
        report.append("(sink ").append(loop.sink() & 0xff).append(")\n");
        System.out.print(report);
        save("protocol-micro.txt", report.toString());

        assertThat(figures).hasSize(6).allSatisfy(figure -> assertThat(figure.medianNanos).isPositive());
    }

    private static byte[] keyBytes(String name) throws ProtocolException {
        try (InputStream in = ProtocolMicroBenchmark.class.getResourceAsStream("/keys/" + name)) {
            return PublicKeyArmor.keyBytes(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Also kept under target/benchmark-results/, since Maven's console may be quiet. */
    private static void save(String name, String text) throws IOException {
        Path folder = Paths.get("target", "benchmark-results");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(name), text, StandardCharsets.UTF_8);
    }
}
