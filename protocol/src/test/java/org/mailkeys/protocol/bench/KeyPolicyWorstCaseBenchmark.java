package org.mailkeys.protocol.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mailkeys.protocol.HostileKeys;
import org.mailkeys.protocol.ProtocolException;
import org.mailkeys.protocol.PublicKeyArmor;
import org.mailkeys.protocol.PublicKeyPolicy;

/**
 * Prints the time {@link PublicKeyPolicy#accept} takes per key, and the worst, over: the committed key fixtures,
 * keys at the edge of the algorithm list with 200 junk signatures each (the most a key may cost), keys far over the
 * list, and every file of a corpus folder when {@code -Dmailkeys.keyCorpus=<folder>} names one (armored or binary
 * keys, one per file). Asserts that no key takes longer than the time budget plus one second. On demand:
 * {@code mvn -B -pl protocol -am verify -Dtest=KeyPolicyWorstCaseBenchmark -Dmailkeys.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "mailkeys.bench", matches = "true")
class KeyPolicyWorstCaseBenchmark {
    private static final String ALICE = "alice@example.net";
    private static final String ALICE_USER_ID = "Alice <alice@example.net>";
    private static final int JUNK = 200;

    private final PublicKeyPolicy policy = new PublicKeyPolicy();

    @Test
    void printTheWorstTimePerKey() throws Exception {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        for (String fixture : List.of("alice.asc", "carol-rsa3072.asc", "alice-2000-certifications.asc",
            "dave-two-uids-photo-certified.asc", "alice-other-address.asc")) {
            keys.put("fixture " + fixture, fixture(fixture));
        }
        keys.put("on the list: DSA p 3072, q 256, 200 junk signatures", HostileKeys.dsa(3072, 256, JUNK, ALICE_USER_ID));
        keys.put("on the list: RSA 8192, exponent 33 bits, 200 junk signatures",
            HostileKeys.rsa(8192, 33, JUNK, ALICE_USER_ID));
        keys.put("off the list: DSA p and q 16384, 200 junk signatures",
            HostileKeys.dsa(16_384, 16_384, JUNK, ALICE_USER_ID));
        keys.put("off the list: RSA 16384, exponent 16000 bits, 3 junk signatures",
            HostileKeys.rsa(16_384, 16_000, 3, ALICE_USER_ID));
        keys.putAll(corpus());

        policy.accept(fixture("alice.asc"), ALICE); // class loading and first use out of the figures
        StringBuilder report = new StringBuilder("PublicKeyPolicy.accept, one run per key (ms, outcome)\n");
        long worstNanos = 0;
        String worst = "";
        for (Map.Entry<String, byte[]> key : keys.entrySet()) {
            long start = System.nanoTime();
            String outcome = outcome(key.getValue());
            long nanos = System.nanoTime() - start;
            report.append(String.format("%10.1f  %-14s %s%n", nanos / 1e6, outcome, key.getKey()));
            if (nanos > worstNanos) {
                worstNanos = nanos;
                worst = key.getKey();
            }
        }
        report.append(String.format("worst: %.1f ms (%s) over %d keys; time budget %d ms%n", worstNanos / 1e6, worst,
            keys.size(), PublicKeyPolicy.DEFAULT_TIME_BUDGET.toMillis()));
        System.out.print(report);
        Path folder = Paths.get("target", "benchmark-results");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("key-policy-worst-case.txt"), report.toString(), StandardCharsets.UTF_8);

        assertThat(Duration.ofNanos(worstNanos)).isLessThan(PublicKeyPolicy.DEFAULT_TIME_BUDGET.plusSeconds(1));
    }

    private String outcome(byte[] key) {
        try {
            policy.accept(key, ALICE);
            return "accepted";
        } catch (ProtocolException e) {
            return e.code().wireName();
        }
    }

    private static Map<String, byte[]> corpus() throws IOException {
        String folder = System.getProperty("mailkeys.keyCorpus");
        Map<String, byte[]> keys = new LinkedHashMap<>();
        if (folder == null || folder.isBlank()) {
            return keys;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Paths.get(folder))) {
            files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        for (Path file : files) {
            byte[] content = Files.readAllBytes(file);
            try {
                keys.put("corpus " + file.getFileName(),
                    PublicKeyArmor.keyBytes(new String(content, StandardCharsets.US_ASCII)));
            } catch (ProtocolException e) {
                keys.put("corpus " + file.getFileName() + " (binary)", content);
            }
        }
        return keys;
    }

    private static byte[] fixture(String name) throws ProtocolException {
        try (InputStream in = KeyPolicyWorstCaseBenchmark.class.getResourceAsStream("/keys/" + name)) {
            return PublicKeyArmor.keyBytes(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
