package org.mailkeys.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;

/**
 * Makes the fixture {@code keys/alice-2000-certifications.asc}: alice's GnuPG key with 2,000 third-party
 * certifications of her user ID, by 20 throw-away Bouncy Castle keys (the shape of the 2019 certificate flooding
 * attack on the SKS key servers). Run once by hand; the output is committed:
 * {@code java -cp <test classes and Bouncy Castle> org.mailkeys.protocol.CertificationFloodGenerator <output file>}
 */
public final class CertificationFloodGenerator {
    static final int CERTIFICATIONS = 2_000;
    private static final int CERTIFIERS = 20;
    private static final String USER_ID = "Alice <alice@example.net>";

    private CertificationFloodGenerator() {
    }

    public static void main(String[] args) throws Exception {
        PGPPublicKeyRing original =
            new PGPPublicKeyRing(Fixtures.keyBytes("alice.asc"), new BcKeyFingerprintCalculator());
        PGPPublicKey alice = original.getPublicKey();
        PGPPublicKey flooded = alice;
        long start = System.currentTimeMillis();
        for (int certifier = 0; certifier < CERTIFIERS; certifier++) {
            TestKeys key = TestKeys.ed25519().withUserId("Certifier <certifier" + certifier + "@example.org>");
            for (int i = 0; i < CERTIFICATIONS / CERTIFIERS; i++) {
                PGPSignature certification = key.certify(alice, USER_ID, new Date(start - 1000L * i));
                flooded = PGPPublicKey.addCertification(flooded, USER_ID, certification);
            }
        }
        PGPPublicKeyRing ring = PGPPublicKeyRing.insertPublicKey(original, flooded);
        Files.write(Path.of(args[0]), armored(ring.getEncoded()).getBytes(StandardCharsets.US_ASCII));
    }

    private static String armored(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armor = ArmoredOutputStream.builder().clearHeaders().build(out)) {
            armor.write(bytes);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
