package org.mailkeys.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Date;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.bcpg.BCPGKey;
import org.bouncycastle.bcpg.DSAPublicBCPGKey;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.PublicSubkeyPacket;
import org.bouncycastle.bcpg.RSAPublicBCPGKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * docs/PROTOCOL.md 2.2 item 5: the algorithm and size list is applied to every key and subkey before any signature is
 * verified, and the work on one key is bounded in time. Keys far over the list must be refused in milliseconds,
 * not after the seconds (DSA or RSA of 16,384 bits) to hours (65,000 bits) that verifying them would cost.
 */
class BoundedKeyWorkTest {
    private static final String ALICE = "alice@example.net";
    private static final String ALICE_USER_ID = "Alice <alice@example.net>";
    /**
     * CPU time of the checking thread (not the wall clock, which grows with the machine's load): verifying one junk
     * signature of these keys takes seconds of CPU, refusing them on the list a few milliseconds.
     */
    private static final Duration FAST = Duration.ofMillis(1000);

    private final PublicKeyPolicy policy = new PublicKeyPolicy();

    @Test
    void aDsaPrimaryKeyOf16384BitsShouldBeRefusedInMilliseconds() {
        byte[] key = HostileKeys.dsa(16_384, 16_384, 3, ALICE_USER_ID);

        assertRefusedQuickly(key, "DSA");
    }

    @Test
    void anRsaPrimaryKeyWithAHugeModulusAndExponentShouldBeRefusedInMilliseconds() {
        byte[] key = HostileKeys.rsa(16_384, 16_000, 3, ALICE_USER_ID);

        assertRefusedQuickly(key, "RSA");
    }

    @Test
    void anRsaPrimaryKeyUnder2048BitsShouldBeRefused() {
        assertRefusedQuickly(HostileKeys.rsa(1024, 17, 1, ALICE_USER_ID), "RSA");
    }

    @Test
    void anRsaPublicExponentOf2To33OrMoreShouldBeRefused() {
        assertRefusedQuickly(HostileKeys.rsa(2048, 34, 1, ALICE_USER_ID), "exponent");
    }

    @Test
    void aDsaKeyWithAQOfAnotherSizeShouldBeRefused() {
        assertRefusedQuickly(HostileKeys.dsa(2048, 200, 1, ALICE_USER_ID), "DSA");
    }

    @Test
    void anEcdsaKeyOnAnUnnamedCurveShouldBeRefused() throws Exception {
        byte[] unnamedCurve = new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1").getEncoded();
        byte[] material = Arrays.concatenate(Arrays.copyOfRange(unnamedCurve, 1, unnamedCurve.length),
            HostileKeys.mpis(BigInteger.ONE.shiftLeft(520).setBit(0)));
        byte[] key = HostileKeys.withJunkCertifications(HostileKeys.ECDSA, material, 1, ALICE_USER_ID);

        assertRefusedQuickly(key, "curve");
    }

    @Test
    void aSubkeyOutsideTheListShouldBeDroppedWithoutSlowingTheCheck() throws Exception {
        TestKeys alice = TestKeys.ed25519().withUserId(ALICE_USER_ID);
        BigInteger p = HostileKeys.randomOfExactly(16_384);
        byte[] key = alice.bytesWithBoundSubkey(subkey(PublicKeyAlgorithmTags.DSA,
            new DSAPublicBCPGKey(p, HostileKeys.randomOfExactly(16_384), p.shiftRight(1), p.shiftRight(2))));
        assertThat(Packets.tags(key)).containsExactly(6, 13, 2, 14, 2);

        SanitisedKey accepted = ThreadCpuTime.atMost(FAST, () -> policy.accept(key, ALICE));

        assertThat(accepted.keyBytes()).isEqualTo(alice.bytes());
    }

    @Test
    void aSubkeyOnTheListShouldBeKept() throws Exception {
        TestKeys alice = TestKeys.ed25519().withUserId(ALICE_USER_ID);
        byte[] key = alice.bytesWithBoundSubkey(subkey(PublicKeyAlgorithmTags.RSA_GENERAL,
            new RSAPublicBCPGKey(HostileKeys.randomOfExactly(3072).setBit(0), BigInteger.valueOf(65537))));

        assertThat(Packets.tags(policy.accept(key, ALICE).keyBytes())).containsExactly(6, 13, 2, 14, 2);
    }

    @Test
    void keysOfGnuPgOnTheListShouldStillBeAccepted() throws Exception {
        assertThat(policy.accept(Fixtures.keyBytes("alice.asc"), ALICE).userIds()).containsExactly(ALICE_USER_ID);
        assertThat(policy.accept(Fixtures.keyBytes("carol-rsa3072.asc"), "carol@example.net").userIds())
            .containsExactly("Carol <carol@example.net>");
    }

    @Test
    void aKeyWhoseChecksOutlastTheTimeBudgetShouldBeRefused() {
        PublicKeyPolicy noTime = new PublicKeyPolicy(Duration.ZERO);

        assertThatThrownBy(() -> noTime.accept(Fixtures.keyBytes("alice.asc"), ALICE))
            .isInstanceOfSatisfying(ProtocolException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.BAD_KEY);
                assertThat(e.getMessage()).contains("time");
            });
    }

    private static PGPPublicKey subkey(int algorithm, BCPGKey material) throws Exception {
        return new PGPPublicKey(new PublicSubkeyPacket(PublicKeyPacket.VERSION_4, algorithm, new Date(), material),
            new BcKeyFingerprintCalculator());
    }

    private void assertRefusedQuickly(byte[] key, String reason) {
        Duration cpu = ThreadCpuTime.of(() -> assertThatThrownBy(() -> policy.accept(key, ALICE))
            .isInstanceOfSatisfying(ProtocolException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.BAD_KEY);
                assertThat(e.getMessage()).containsIgnoringCase(reason);
            }));
        assertThat(cpu).as("CPU time of the refusal").isLessThan(FAST);
    }
}
