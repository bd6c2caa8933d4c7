package org.mailkeys.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.mailkeys.protocol.ProtocolException;
import org.mailkeys.protocol.PublicKeyArmor;

/**
 * The test keys, made by GnuPG: the protocol module's fixtures (its test-jar, /keys/*.asc; see
 * protocol/src/test/resources/keys/README.md for what each one is and how it was made). Every module's tests use
 * these, so a key exists once.
 */
public final class KeyFixtures {
    /** alice.asc: ed25519 primary, cv25519 subkey, user ID {@code Alice <alice@example.net>}. */
    public static final String ALICE = "alice.asc";
    /** alice-secret.asc: the same key with its secret parts, which the KST must refuse. */
    public static final String ALICE_SECRET = "alice-secret.asc";
    /** alice-second.asc: another key of alice@example.net (no subkey), for the order of publications. */
    public static final String ALICE_SECOND = "alice-second.asc";
    /** alice-other-address.asc: a key whose only user ID is {@code alice@work.example.org}. */
    public static final String ALICE_OTHER_ADDRESS = "alice-other-address.asc";
    /** carol-rsa3072.asc: user ID {@code Carol <carol@example.net>}. */
    public static final String CAROL = "carol-rsa3072.asc";
    public static final String ALICE_FINGERPRINT = "A869D709E618223FDA3E59FF8C159D4DDAB2D358";

    private KeyFixtures() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = KeyFixtures.class.getResourceAsStream("/keys/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture /keys/" + name + " on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.US_ASCII);
    }

    /** The binary OpenPGP packets of an armored public key fixture (what a MAC is computed over). */
    public static byte[] keyBytes(String name) {
        try {
            return PublicKeyArmor.keyBytes(text(name));
        } catch (ProtocolException e) {
            throw new IllegalStateException("fixture " + name + " does not read: " + e.code(), e);
        }
    }
}
