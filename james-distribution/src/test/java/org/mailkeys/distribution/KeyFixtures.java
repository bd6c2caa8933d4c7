package org.mailkeys.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The protocol module's key fixtures (its test-jar, /keys/*.asc; see protocol/src/test/resources/keys/README.md). */
final class KeyFixtures {
    static final String ALICE_FINGERPRINT = "A869D709E618223FDA3E59FF8C159D4DDAB2D358";

    private KeyFixtures() {
    }

    static String text(String name) {
        try (InputStream in = KeyFixtures.class.getResourceAsStream("/keys/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture /keys/" + name + " on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
