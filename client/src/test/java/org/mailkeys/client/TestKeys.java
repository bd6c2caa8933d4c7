package org.mailkeys.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Keys made by GnuPG for the tests (ed25519 with a cv25519 subkey, user ID Alice <alice@example.net>, no passphrase). */
public final class TestKeys {
    private TestKeys() {
    }

    public static byte[] resource(String name) {
        try (InputStream in = TestKeys.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] alicePublicArmored() {
        return resource("alice-public.asc");
    }

    public static byte[] aliceSecretArmored() {
        return resource("alice-secret.asc");
    }

    public static byte[] alicePublicKeyBytes() {
        return KeyArmor.publicKeyBytes(alicePublicArmored());
    }
}
