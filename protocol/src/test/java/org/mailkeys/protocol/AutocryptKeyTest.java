package org.mailkeys.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;

import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.junit.jupiter.api.Test;

class AutocryptKeyTest {
    static final Instant NOW = Instant.now();

    @Test
    void minimalKeyShouldHoldPrimaryUserIdEncryptionSubkeyAndTheirSelfSignatures() throws Exception {
        byte[] alice = Fixtures.keyBytes("alice.asc");

        byte[] minimal = AutocryptKey.minimal(alice, "alice@example.net", NOW).orElseThrow();

        PGPPublicKeyRing ring = KeyRings.single(minimal);
        assertThat(PublicKeys.fingerprint(minimal)).contains("A869D709E618223FDA3E59FF8C159D4DDAB2D358");
        assertThat(PublicKeys.userIds(minimal)).containsExactly("Alice <alice@example.net>");
        List<PGPPublicKey> keys = list(ring.getPublicKeys());
        assertThat(keys).hasSize(2);
        assertThat(keys.get(1).isEncryptionKey()).isTrue();
        assertThat(list(keys.get(0).getSignatures())).hasSize(1);
        assertThat(list(keys.get(1).getSignatures())).extracting(PGPSignature::getSignatureType)
            .containsExactly(PGPSignature.SUBKEY_BINDING);
    }

    @Test
    void minimalKeyShouldDropOtherUserIdsPhotosAndThirdPartyCertifications() throws Exception {
        byte[] dave = Fixtures.keyBytes("dave-two-uids-photo-certified.asc");

        byte[] minimal = AutocryptKey.minimal(dave, "Dave@Example.NET", NOW).orElseThrow();

        assertThat(PublicKeys.userIds(minimal)).containsExactly("Dave <dave@example.net>");
        PGPPublicKey primary = KeyRings.single(minimal).getPublicKey();
        assertThat(list(primary.getUserAttributes())).isEmpty();
        assertThat(list(primary.getSignatures())).hasSize(1);
        assertThat(minimal.length).isLessThan(dave.length / 2);
    }

    @Test
    void rsaKeysShouldWorkToo() throws Exception {
        byte[] carol = Fixtures.keyBytes("carol-rsa3072.asc");

        assertThat(AutocryptKey.minimal(carol, "carol@example.net", NOW)).isPresent();
    }

    @Test
    void noKeyShouldBeMadeForAnAddressTheKeyDoesNotName() {
        assertThat(AutocryptKey.minimal(Fixtures.keyBytes("alice.asc"), "bob@example.net", NOW)).isEmpty();
    }

    @Test
    void noKeyShouldBeMadeWithoutAnEncryptionSubkey() {
        byte[] signOnly = TestKeys.ed25519().withUserId("alice@example.net").bytes();

        assertThat(AutocryptKey.minimal(signOnly, "alice@example.net", NOW)).isEmpty();
    }

    @Test
    void noKeyShouldBeMadeFromARevokedOrExpiredKey() {
        Date yesterday = Date.from(NOW.minusSeconds(86_400));
        byte[] revoked = TestKeys.ed25519().withUserId("alice@example.net").revoked().bytes();
        byte[] expired = TestKeys.ed25519(yesterday).withUserId("alice@example.net", yesterday, 60).bytes();

        assertThat(AutocryptKey.minimal(revoked, "alice@example.net", NOW)).isEmpty();
        assertThat(AutocryptKey.minimal(expired, "alice@example.net", NOW)).isEmpty();
    }

    @Test
    void aPreparedKeyShouldHoldUntilItsUserIdSelfSignatureExpires() {
        Date created = Date.from(NOW.minusSeconds(3_600));
        byte[] expiring = TestKeys.ed25519(created).withUserId("alice@example.net", created, 7_200)
            .withEncryptionSubkey().bytes();

        AutocryptKey.Minimal prepared = AutocryptKey.prepare(expiring, "alice@example.net", NOW);

        assertThat(prepared.keyData()).isPresent();
        assertThat(prepared.holdsAt(NOW.plusSeconds(3_599))).isTrue();
        assertThat(prepared.holdsAt(created.toInstant().plusSeconds(7_200))).isFalse();
        assertThat(AutocryptKey.minimal(expiring, "alice@example.net", created.toInstant().plusSeconds(7_200))).isEmpty();
    }

    @Test
    void noKeyShouldHoldForEver() {
        AutocryptKey.Minimal none = AutocryptKey.prepare(Fixtures.keyBytes("alice.asc"), "bob@example.net", NOW);

        assertThat(none.keyData()).isEmpty();
        assertThat(none.holdsAt(NOW.plusSeconds(100L * 365 * 86_400))).isTrue();
        assertThat(AutocryptKey.prepare(Fixtures.keyBytes("alice.asc"), "alice@example.net", NOW)
            .holdsAt(NOW.plusSeconds(100L * 365 * 86_400))).isTrue();
    }

    @Test
    void noKeyShouldBeMadeFromBytesThatAreNoKey() {
        assertThat(AutocryptKey.minimal(new byte[] {1, 2, 3}, "alice@example.net", NOW)).isEmpty();
        assertThat(AutocryptKey.minimal(new byte[0], "alice@example.net", NOW)).isEmpty();
    }

    private static <T> List<T> list(Iterator<T> iterator) {
        List<T> items = new ArrayList<>();
        iterator.forEachRemaining(items::add);
        return items;
    }

    @Test
    void aMinimalKeyOverTenKibibytesShouldNotBeMade() {
        String longName = "A".repeat(AutocryptKey.MAX_BYTES);
        byte[] small = TestKeys.ed25519().withUserId("Alice <alice@example.net>").withEncryptionSubkey().bytes();
        byte[] large = TestKeys.ed25519().withUserId(longName + " <alice@example.net>").withEncryptionSubkey().bytes();

        assertThat(AutocryptKey.minimal(small, "alice@example.net", NOW)).isPresent();
        assertThat(AutocryptKey.minimal(large, "alice@example.net", NOW)).isEmpty();
    }
}
