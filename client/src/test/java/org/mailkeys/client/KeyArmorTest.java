package org.mailkeys.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.mailkeys.testing.KeyFixtures;

class KeyArmorTest {
    @Test
    void anArmoredPublicKeyShouldGiveItsPackets() {
        byte[] key = KeyArmor.publicKeyBytes(KeyFixtures.bytes(KeyFixtures.ALICE));

        assertThat(key[0] & 0xff).isEqualTo(0x98); // old-format public key packet, as GnuPG writes it
        assertThat(KeyArmor.primaryKeyCount(key)).isEqualTo(1);
    }

    @Test
    void armoringShouldRoundTripAndCarryTheCrcGnuPgWrites() {
        byte[] key = KeyFixtures.keyBytes(KeyFixtures.ALICE);
        String original = new String(KeyFixtures.bytes(KeyFixtures.ALICE), StandardCharsets.US_ASCII);

        String armored = KeyArmor.armor(key);

        assertThat(KeyArmor.publicKeyBytes(armored.getBytes(StandardCharsets.US_ASCII))).containsExactly(key);
        String crcLine = original.lines().filter(line -> line.startsWith("=") && line.length() == 5).findFirst().orElseThrow();
        assertThat(armored).contains("\n" + crcLine + "\n");
    }

    @Test
    void binaryKeysShouldBeAcceptedAsTheyAre() {
        byte[] key = KeyFixtures.keyBytes(KeyFixtures.ALICE);

        assertThat(KeyArmor.publicKeyBytes(key)).containsExactly(key);
    }

    @Test
    void armorHeadersAndCrlfShouldNotMatter() {
        String armored = KeyArmor.armor(KeyFixtures.keyBytes(KeyFixtures.ALICE))
                .replace("-----\n\n", "-----\nComment: test\nVersion: x\n\n").replace("\n", "\r\n");

        assertThat(KeyArmor.publicKeyBytes(armored.getBytes(StandardCharsets.US_ASCII))).containsExactly(KeyFixtures.keyBytes(KeyFixtures.ALICE));
    }

    @Test
    void anArmoredSecretKeyShouldBeRefused() {
        assertThatThrownBy(() -> KeyArmor.publicKeyBytes(KeyFixtures.bytes(KeyFixtures.ALICE_SECRET)))
                .hasMessageContaining("secret key");
    }

    @Test
    void aBinarySecretKeySmuggledIntoAPublicBlockShouldBeRefused() {
        String secret = new String(KeyFixtures.bytes(KeyFixtures.ALICE_SECRET), StandardCharsets.US_ASCII);
        String base64 = secret.lines().filter(line -> !line.startsWith("-----") && !line.isBlank() && !line.startsWith("="))
                .reduce("", String::concat);
        byte[] secretPackets = Base64.getDecoder().decode(base64);
        String disguised = KeyArmor.armor(secretPackets);

        assertThatThrownBy(() -> KeyArmor.publicKeyBytes(disguised.getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("secret key");
    }

    @Test
    void twoKeysShouldBeCounted() {
        byte[] key = KeyFixtures.keyBytes(KeyFixtures.ALICE);
        byte[] two = new byte[key.length * 2];
        System.arraycopy(key, 0, two, 0, key.length);
        System.arraycopy(key, 0, two, key.length, key.length);

        assertThat(KeyArmor.primaryKeyCount(two)).isEqualTo(2);
    }

    @Test
    void somethingElseShouldBeRefused() {
        assertThatThrownBy(() -> KeyArmor.publicKeyBytes("hello".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
