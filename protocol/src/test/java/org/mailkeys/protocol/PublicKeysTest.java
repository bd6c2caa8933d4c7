package org.mailkeys.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PublicKeysTest {
    @Test
    void fingerprintShouldBeUpperCaseHexOfThePrimaryKey() {
        assertThat(PublicKeys.fingerprint(Fixtures.keyBytes("carol-rsa3072.asc")))
            .contains("3114CCA2999BFEF70C9DC112D8CEE3B84491E24E");
    }

    @Test
    void userIdsShouldListEveryUserIdUnverified() {
        assertThat(PublicKeys.userIds(Fixtures.keyBytes("dave-two-uids-photo-certified.asc")))
            .containsExactly("Dave <dave@other.example.org>", "Dave <dave@example.net>");
    }

    @Test
    void algorithmShouldNameThePrimaryKeysAlgorithmAndSize() {
        assertThat(PublicKeys.algorithm(Fixtures.keyBytes("carol-rsa3072.asc"))).contains("RSA 3072");
        assertThat(PublicKeys.algorithm(Fixtures.keyBytes("alice.asc"))).hasValueSatisfying(
            algorithm -> assertThat(algorithm).matches("(EdDSA|Ed25519) 25[56]"));
    }

    @Test
    void allFingerprintsShouldListThePrimaryKeyFirstThenEachSubkey() {
        TestKeys keys = TestKeys.ed25519().withUserId("Alice <alice@example.net>").withEncryptionSubkey();
        byte[] bytes = keys.bytes();

        assertThat(PublicKeys.allFingerprints(bytes)).hasSize(2).first().isEqualTo(PublicKeys.fingerprint(bytes).orElseThrow());
        assertThat(PublicKeys.allFingerprints(new byte[] {1, 2, 3})).isEmpty();
    }

    @Test
    void usableUntilShouldBeThePrimaryKeysExpiryWhenItsEncryptionSubkeyNeverExpires() {
        java.util.Date created = new java.util.Date(1_700_000_000_000L);
        byte[] expiring = TestKeys.ed25519(created).withUserId("Alice <alice@example.net>", created, 86_400 * 10)
            .withEncryptionSubkey().bytes();
        byte[] lasting = TestKeys.ed25519(created).withUserId("Alice <alice@example.net>", created, 0)
            .withEncryptionSubkey().bytes();

        assertThat(PublicKeys.usableUntil(expiring)).contains(created.toInstant().plusSeconds(86_400 * 10));
        assertThat(PublicKeys.usableUntil(lasting)).isEmpty();
        assertThat(PublicKeys.usableUntil(new byte[] {1, 2, 3})).isEmpty();
    }

    @Test
    void helpersShouldBeEmptyForWhatIsNotOneKey() {
        byte[] twoKeys = Packets.decodeArmor(Fixtures.text("/keys/two-keys.asc"));

        assertThat(PublicKeys.fingerprint(twoKeys)).isEmpty();
        assertThat(PublicKeys.userIds(new byte[] {1, 2, 3})).isEmpty();
        assertThat(PublicKeys.algorithm(twoKeys)).isEmpty();
    }
}
