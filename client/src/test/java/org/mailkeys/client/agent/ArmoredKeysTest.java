package org.mailkeys.client.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mailkeys.protocol.PublicKeyArmor;
import org.mailkeys.testing.KeyFixtures;

class ArmoredKeysTest {
    private static final byte[] ALICE_KEY = KeyFixtures.keyBytes(KeyFixtures.ALICE);

    @Test
    void aKeyShouldBeArmoredAsTheProtocolArmorsIt() {
        ArmoredKeys armoredKeys = new ArmoredKeys();

        assertThat(armoredKeys.armor(ALICE_KEY)).isEqualTo(PublicKeyArmor.armor(ALICE_KEY));
        assertThat(armoredKeys.armor(ALICE_KEY.clone())).isEqualTo(PublicKeyArmor.armor(ALICE_KEY));
        assertThat(armoredKeys.size()).isEqualTo(1);
    }

    @Test
    void aChangedKeyShouldBeArmoredAnew() {
        ArmoredKeys armoredKeys = new ArmoredKeys();
        byte[] carol = KeyFixtures.keyBytes(KeyFixtures.CAROL);

        armoredKeys.armor(ALICE_KEY);

        assertThat(armoredKeys.armor(carol)).isEqualTo(PublicKeyArmor.armor(carol));
    }

    @Test
    void itShouldKeepNoMoreThanItsBoundOfKeys() {
        ArmoredKeys armoredKeys = new ArmoredKeys();
        for (int i = 0; i < ArmoredKeys.MAX_KEYS * 3; i++) {
            byte[] key = ALICE_KEY.clone();
            key[key.length - 1] ^= (byte) i; // another key's bytes: still a public key packet first
            key[key.length - 2] ^= (byte) (i >> 8);
            armoredKeys.armor(key);
        }

        assertThat(armoredKeys.size()).isEqualTo(ArmoredKeys.MAX_KEYS);
    }
}
