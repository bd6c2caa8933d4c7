package org.mailkeys.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.mailkeys.protocol.ProtocolException;
import org.mailkeys.protocol.PublicKeyPolicy;

/**
 * What the KST's key checks ({@link PublicKeyPolicy#accept}, as {@code PublishKey} runs them) cost per publication
 * key, the first time this JVM sees the key and again: BouncyCastle checks that an RSA modulus it has not seen is
 * composite (Miller-Rabin rounds over the whole modulus) and remembers the moduli it checked only while they are in
 * use, so every new RSA key pays that check once. Measured on the run's own GnuPG-made keys, before any of them is
 * published, after the checks have run on the test fixtures' keys (not the run's) long enough to be compiled; the
 * publication figures' detail prints the medians.
 */
final class KeyCheckCost {
    private static final int WARM_UP = 300;

    private KeyCheckCost() {
    }

    /** Keys {@code [0, ed25519)} are ed25519, the others rsa3072; key i belongs to {@code accounts.get(i)}. */
    static String measure(List<byte[]> keys, List<String> accounts, int ed25519) throws ProtocolException {
        PublicKeyPolicy policy = new PublicKeyPolicy(Duration.ofMinutes(1));
        byte[] alice = ProtocolHotPaths.keyBytes("alice.asc");
        byte[] carol = ProtocolHotPaths.keyBytes("carol-rsa3072.asc");
        for (int i = 0; i < WARM_UP; i++) {
            policy.accept(alice, "alice@example.net");
            policy.accept(carol, "carol@example.net");
        }
        double[] first = new double[keys.size()];
        double[] again = new double[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            first[i] = millisToAccept(policy, keys.get(i), accounts.get(i));
            again[i] = millisToAccept(policy, keys.get(i), accounts.get(i));
        }
        int rsa3072 = keys.size() - ed25519;
        double firstEd = median(first, 0, ed25519);
        double firstRsa = median(first, ed25519, keys.size());
        return String.format(Locale.ROOT, "the key checks per key, medians, the first time / again (BouncyCastle checks "
                + "each RSA modulus it has not seen): ed25519 %.2f / %.2f ms, rsa3072 %.2f / %.2f ms, %.2f ms per "
                + "publication of this mix the first time", firstEd, median(again, 0, ed25519), firstRsa,
            median(again, ed25519, keys.size()), (firstEd * ed25519 + firstRsa * rsa3072) / keys.size());
    }

    private static double millisToAccept(PublicKeyPolicy policy, byte[] key, String account) throws ProtocolException {
        long start = System.nanoTime();
        RetrievalBenchmark.check(policy.accept(key, account).keyBytes().length > 0, "key accepted: " + account);
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(double[] values, int from, int to) {
        if (to <= from) {
            return 0;
        }
        double[] sorted = Arrays.copyOfRange(values, from, to);
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
