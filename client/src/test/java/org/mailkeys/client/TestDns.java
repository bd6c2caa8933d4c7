package org.mailkeys.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** DNS settings for tests against a DNS server without DNSSEC (dnsmasq). */
final class TestDns {
    private TestDns() {
    }

    /** No trust anchor: every answer is insecure, none bogus (the root's anchors would make an unsigned test root bogus). */
    static DnssecValidation noTrustAnchors() {
        try {
            Path empty = Files.createTempFile("no-trust-anchors", ".ds");
            empty.toFile().deleteOnExit();
            return DnssecValidation.fromTrustAnchors(empty);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
