package org.mailkeys.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.junit.jupiter.api.Test;

class PublicKeyPolicyTest {
    private static final String ALICE = "alice@example.net";
    private static final String ALICE_FINGERPRINT = "A869D709E618223FDA3E59FF8C159D4DDAB2D358";

    private final PublicKeyPolicy policy = new PublicKeyPolicy();

    @Test
    void acceptShouldKeepAGnuPgEd25519KeyWithItsEncryptionSubkey() throws Exception {
        byte[] alice = Fixtures.keyBytes("alice.asc");

        SanitisedKey key = policy.accept(alice, ALICE);

        assertThat(key.fingerprint()).isEqualTo(ALICE_FINGERPRINT);
        assertThat(key.userIds()).containsExactly("Alice <alice@example.net>");
        assertThat(Packets.tags(key.keyBytes())).containsExactly(6, 13, 2, 14, 2);
    }

    @Test
    void acceptShouldReturnTheSameBytesForAMinimalGnuPgKey() throws Exception {
        byte[] alice = Fixtures.keyBytes("alice.asc");

        assertThat(policy.accept(alice, ALICE).keyBytes()).isEqualTo(alice);
    }

    @Test
    void acceptShouldKeepAGnuPgRsa3072Key() throws Exception {
        SanitisedKey key = policy.accept(Fixtures.keyBytes("carol-rsa3072.asc"), "carol@example.net");

        assertThat(key.fingerprint()).isEqualTo("3114CCA2999BFEF70C9DC112D8CEE3B84491E24E");
        assertThat(key.userIds()).containsExactly("Carol <carol@example.net>");
        assertThat(Packets.tags(key.keyBytes())).containsExactly(6, 13, 2, 14, 2);
    }

    @Test
    void acceptShouldCompareTheAddressCaseInsensitively() throws Exception {
        assertThat(policy.accept(Fixtures.keyBytes("alice.asc"), "Alice@EXAMPLE.net").fingerprint())
            .isEqualTo(ALICE_FINGERPRINT);
    }

    @Test
    void acceptShouldRejectAKeyForAnotherAddress() {
        assertThatThrownBy(() -> policy.accept(Fixtures.keyBytes("alice-other-address.asc"), ALICE))
            .isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ADDRESS_MISMATCH));
    }

    @Test
    void acceptShouldNotTakeAnAddressThatOnlyStartsLikeTheAccount() {
        byte[] key = TestKeys.ed25519().withUserId("Alice <alice@example.net.evil.example>").bytes();

        assertThatThrownBy(() -> policy.accept(key, ALICE))
            .isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ADDRESS_MISMATCH));
    }

    @Test
    void acceptShouldTakeABareAddressAsUserId() throws Exception {
        byte[] key = TestKeys.ed25519().withUserId(ALICE).bytes();

        assertThat(policy.accept(key, ALICE).userIds()).containsExactly(ALICE);
    }

    @Test
    void acceptShouldRejectSecretKeys() {
        byte[] secret = Packets.decodeArmor(Fixtures.text("/keys/alice-secret.asc"));

        assertThatThrownBy(() -> policy.accept(secret, ALICE))
            .isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SECRET_KEY));
    }

    @Test
    void acceptShouldRejectTwoKeys() {
        byte[] twoKeys = Packets.decodeArmor(Fixtures.text("/keys/two-keys.asc"));

        assertThatThrownBy(() -> policy.accept(twoKeys, ALICE))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_KEY));
    }

    @Test
    void acceptShouldRejectGarbage() {
        assertThatThrownBy(() -> policy.accept("not a key at all".getBytes(), ALICE))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_KEY));
    }

    @Test
    void acceptShouldRejectAKeyCutShort() {
        byte[] alice = Fixtures.keyBytes("alice.asc");
        byte[] truncated = java.util.Arrays.copyOf(alice, alice.length - 10);

        assertThatThrownBy(() -> policy.accept(truncated, ALICE))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_KEY));
    }

    @Test
    void acceptShouldRejectAKeyWithoutAnyValidSelfSignature() {
        byte[] key = TestKeys.ed25519().withBrokenUserId("Alice <alice@example.net>").bytes();

        assertThatThrownBy(() -> policy.accept(key, ALICE))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_KEY));
    }

    @Test
    void acceptShouldCallABrokenAccountUserIdAMismatchWhenAnotherUserIdIsSelfSigned() {
        byte[] key = TestKeys.ed25519()
            .withUserId("Alice <alice@elsewhere.example.org>")
            .withBrokenUserId("Alice <alice@example.net>")
            .bytes();

        assertThatThrownBy(() -> policy.accept(key, ALICE))
            .isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ADDRESS_MISMATCH));
    }

    @Test
    void acceptShouldRejectATamperedSelfSignature() {
        byte[] alice = Fixtures.keyBytes("alice.asc");
        int userIdSignatureEnd = Packets.endOfPacket(alice, 2);
        alice[userIdSignatureEnd - 5] ^= 0x01;

        assertThatThrownBy(() -> policy.accept(alice, ALICE))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_KEY));
    }

    @Test
    void acceptShouldStopVerifyingSignaturesAfterItsBudget() throws Exception {
        String userId = "Alice <alice@example.net>";
        byte[] withinBudget = TestKeys.ed25519()
            .withBrokenCertifications(userId, SignatureChecks.MAX_VERIFICATIONS - 1).withUserId(userId).bytes();
        byte[] overBudget = TestKeys.ed25519()
            .withBrokenCertifications(userId, SignatureChecks.MAX_VERIFICATIONS).withUserId(userId).bytes();

        assertThat(Packets.tags(policy.accept(withinBudget, ALICE).keyBytes())).containsExactly(6, 13, 2);
        assertThatThrownBy(() -> policy.accept(overBudget, ALICE))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_KEY));
    }

    @Test
    void acceptShouldTakeAnExpiredKey() throws Exception {
        Date twoYearsAgo = new Date(System.currentTimeMillis() - TimeUnit.DAYS.toMillis(730));
        byte[] expired = TestKeys.ed25519(twoYearsAgo)
            .withUserId("Alice <alice@example.net>", twoYearsAgo, TimeUnit.DAYS.toSeconds(365))
            .bytes();

        assertThat(policy.accept(expired, ALICE).keyBytes()).isEqualTo(expired);
    }

    @Test
    void acceptShouldTakeARevokedKeyAndKeepItsRevocation() throws Exception {
        TestKeys revoked = TestKeys.ed25519().withUserId("Alice <alice@example.net>").revoked();

        SanitisedKey key = policy.accept(revoked.bytes(), ALICE);

        assertThat(Packets.tags(key.keyBytes())).containsExactly(6, 2, 13, 2);
        assertThat(PublicKeys.fingerprint(key.keyBytes())).contains(KeyRings.fingerprint(revoked.publicKey()));
    }

    @Test
    void acceptShouldStripTwoThousandThirdPartyCertificationsWithoutVerifyingThem() throws Exception {
        byte[] flooded = Fixtures.keyBytes("alice-2000-certifications.asc");
        assertThat(Packets.tags(flooded)).hasSize(3 + 2000 + 2);

        SanitisedKey key = policy.accept(flooded, ALICE);

        assertThat(key.keyBytes()).isEqualTo(Fixtures.keyBytes("alice.asc"));
    }

    @Test
    void acceptShouldDropOtherUserIdsPhotosAndThirdPartyCertifications() throws Exception {
        byte[] dave = Fixtures.keyBytes("dave-two-uids-photo-certified.asc");
        assertThat(Packets.tags(dave)).contains(17);

        SanitisedKey key = policy.accept(dave, "dave@example.net");

        assertThat(key.userIds()).containsExactly("Dave <dave@example.net>");
        assertThat(Packets.tags(key.keyBytes())).containsExactly(6, 13, 2, 14, 2);
        assertThat(PublicKeys.userIds(key.keyBytes())).containsExactly("Dave <dave@example.net>");
    }

    @Test
    void acceptShouldKeepTheOtherUserIdWhenThatIsTheAccount() throws Exception {
        SanitisedKey key = policy.accept(Fixtures.keyBytes("dave-two-uids-photo-certified.asc"),
            "dave@other.example.org");

        assertThat(key.userIds()).containsExactly("Dave <dave@other.example.org>");
    }

    @Test
    void acceptShouldDropAThirdPartyCertificationMadeInTheTest() throws Exception {
        TestKeys alice = TestKeys.ed25519().withUserId("Alice <alice@example.net>");
        byte[] clean = alice.bytes();
        TestKeys mallory = TestKeys.ed25519().withUserId("Mallory <mallory@example.org>");
        PGPPublicKey certified = PGPPublicKey.addCertification(alice.publicKey(), "Alice <alice@example.net>",
            mallory.certify(alice.publicKey(), "Alice <alice@example.net>", new Date()));
        byte[] withCertification = new org.bouncycastle.openpgp.PGPPublicKeyRing(java.util.List.of(certified))
            .getEncoded();

        assertThat(policy.accept(withCertification, ALICE).keyBytes()).isEqualTo(clean);
    }

    @Test
    void acceptShouldRefuseAnImplausibleAccountAddress() {
        assertThatThrownBy(() -> policy.accept(Fixtures.keyBytes("alice.asc"), "Alice <alice@example.net>"))
            .isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ADDRESS_MISMATCH));
    }

    @Test
    void exceptionMessagesShouldNeverHoldKeyMaterial() {
        byte[] secret = Packets.decodeArmor(Fixtures.text("/keys/alice-secret.asc"));

        assertThatThrownBy(() -> policy.accept(secret, ALICE))
            .hasMessageNotContaining("lFgE")
            .hasMessageNotContaining(ALICE);
    }

    @Test
    void aUserIdWithAnotherAddressBeforeTheAccountsShouldNotCount() {
        byte[] key = TestKeys.ed25519().withUserId("Bob <bob@example.net> <alice@example.net>").bytes();

        assertThatThrownBy(() -> policy.accept(key, ALICE))
            .isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ADDRESS_MISMATCH));
    }

    @Test
    void aUserIdWithABidirectionalOverrideShouldBeDropped() throws Exception {
        byte[] key = TestKeys.ed25519()
            .withUserId("Alice <alice@example.net>")
            .withUserId("\u202Eten.elpmaxe@bob\u202C <alice@example.net>")
            .bytes();

        SanitisedKey accepted = policy.accept(key, ALICE);

        assertThat(accepted.userIds()).containsExactly("Alice <alice@example.net>");
        assertThat(PublicKeys.userIds(accepted.keyBytes())).containsExactly("Alice <alice@example.net>");
    }

    @Test
    void aKeyWhoseOnlyUserIdHasAControlCharacterShouldNotBePublished() {
        byte[] key = TestKeys.ed25519().withUserId("Alice\u0007 <alice@example.net>").bytes();

        assertThatThrownBy(() -> policy.accept(key, ALICE))
            .isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ADDRESS_MISMATCH));
    }
}
