package org.mailkeys.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the committed test resources (keys and vectors) from the class path. */
final class Fixtures {
    private Fixtures() {
    }

    static byte[] bytes(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String resource) {
        return new String(bytes(resource), StandardCharsets.US_ASCII);
    }

    /** The key bytes of an armored key under /keys/. */
    static byte[] keyBytes(String name) {
        try {
            return PublicKeyArmor.keyBytes(text("/keys/" + name));
        } catch (ProtocolException e) {
            throw new IllegalStateException("fixture " + name + " does not read: " + e.code(), e);
        }
    }
}
