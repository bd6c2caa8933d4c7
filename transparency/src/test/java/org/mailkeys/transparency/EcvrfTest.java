package org.mailkeys.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;

class EcvrfTest {
    // RFC 9381 Appendix B.1, Example 10 (ECVRF-P256-SHA256-TAI)
    private static final byte[] SK = Hex.decode("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");
    private static final byte[] PK = Hex.decode("0360fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6");
    private static final byte[] ALPHA = "sample".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PI = Hex.decode("035b5c726e8c0e2c488a107c600578ee75cb702343c153cb1eb8dec77f4b5071b4"
        + "a53f0a46f018bc2c56e58d383f2305e0975972c26feea0eb122fe7893c15af376b33edf7de17c6ea056d4d82de6bc02f");
    private static final byte[] BETA = Hex.decode("a3ad7b0ef73d8fc6655053ea22f9bede8c743f08bbed3d38821f0e16474b505e");

    @Test
    void publicKeyShouldMatchRfc9381Example10() {
        assertThat(new VrfPrivateKey(SK).publicKey().encoded()).isEqualTo(PK);
    }

    @Test
    void proveShouldGiveTheProofOfRfc9381Example10() {
        assertThat(new VrfPrivateKey(SK).prove(ALPHA)).isEqualTo(PI);
    }

    @Test
    void hashShouldGiveTheBetaOfRfc9381Example10() {
        assertThat(new VrfPrivateKey(SK).hash(ALPHA)).isEqualTo(BETA);
    }

    @Test
    void verifyShouldAcceptTheRfcProofAndGiveBeta() {
        assertThat(VrfPublicKey.parse(PK).orElseThrow().verify(ALPHA, PI)).hasValueSatisfying(
            beta -> assertThat(beta).isEqualTo(BETA));
    }

    @Test
    void verifyShouldRejectTheProofForAnotherInput() {
        assertThat(VrfPublicKey.parse(PK).orElseThrow().verify("sampel".getBytes(StandardCharsets.US_ASCII), PI))
            .isEmpty();
    }

    @Test
    void verifyShouldRejectEveryAlteredByteOfTheProof() {
        VrfPublicKey key = VrfPublicKey.parse(PK).orElseThrow();
        for (int i = 0; i < PI.length; i++) {
            byte[] altered = PI.clone();
            altered[i] ^= 0x01;
            assertThat(key.verify(ALPHA, altered)).as("byte %d", i).isEmpty();
        }
    }

    @Test
    void verifyShouldRejectProofsOfTheWrongLengthAndKeysOffTheCurve() {
        VrfPublicKey key = VrfPublicKey.parse(PK).orElseThrow();
        assertThat(key.verify(ALPHA, new byte[80])).isEmpty();
        assertThat(key.verify(ALPHA, new byte[81])).isEmpty();
        byte[] offCurve = PK.clone();
        offCurve[32] ^= 0x01;
        assertThat(VrfPublicKey.parse(new byte[33])).isEmpty();
    }

    @Test
    void aGeneratedKeyShouldProveWhatItsPublicKeyVerifies() {
        VrfPrivateKey key = VrfPrivateKey.generate(new SecureRandom());
        byte[] alpha = "alice@example.net".getBytes(StandardCharsets.UTF_8);
        byte[] proof = key.prove(alpha);
        assertThat(proof).hasSize(81);
        VrfPublicKey publicKey = VrfPublicKey.parse(key.publicKey().encoded()).orElseThrow();
        assertThat(publicKey.verify(alpha, proof)).hasValueSatisfying(beta -> assertThat(beta).isEqualTo(
            key.hash(alpha)));
        assertThat(new VrfPrivateKey(key.encoded()).prove(alpha)).isEqualTo(proof);
    }
}
