package org.mailkeys.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import org.xbill.DNS.Resolver;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * How the client learns whether a DNS answer is authentic: it validates DNSSEC itself (dnsjava's validating
 * resolver, from the root's trust anchors built in, or from a trust-anchor file for tests and private roots), or,
 * only when the user says so, it trusts the AD bit of a resolver on loopback or named by the user (RFC 6840
 * section 5.7: the AD bit means something only over a trusted path to a validating resolver).
 */
public final class DnssecValidation {
    private static final String ROOT_ANCHORS = "root-anchors.ds";

    private final Optional<Path> trustAnchorFile;
    private final boolean trustResolverAd;

    private DnssecValidation(Optional<Path> trustAnchorFile, boolean trustResolverAd) {
        this.trustAnchorFile = trustAnchorFile;
        this.trustResolverAd = trustResolverAd;
    }

    /** Validate locally from the IANA root trust anchors (KSK-2017 and KSK-2024 as DS records). */
    public static DnssecValidation fromRoot() {
        return new DnssecValidation(Optional.empty(), false);
    }

    /**
     * Validate locally from the DS or DNSKEY records of a zone file (instead of the root's): a private root, or a
     * test zone's key. An empty file means no name can be proved secure.
     */
    public static DnssecValidation fromTrustAnchors(Path file) {
        return new DnssecValidation(Optional.of(Objects.requireNonNull(file)), false);
    }

    /** Do not validate; believe the AD bit of the resolver (use only with a validating resolver on a trusted path). */
    public static DnssecValidation resolverAdBit() {
        return new DnssecValidation(Optional.empty(), true);
    }

    boolean trustsResolverAdBit() {
        return trustResolverAd;
    }

    /**
     * A resolver that validates the answers of {@code upstream}: AD set only when secure, SERVFAIL with a reason
     * when bogus. Empty when the resolver's AD bit is trusted instead.
     */
    Optional<ValidatingResolver> validator(Resolver upstream) throws IOException {
        if (trustResolverAd) {
            return Optional.empty();
        }
        ValidatingResolver validating = new ValidatingResolver(upstream);
        try (InputStream anchors = anchors()) {
            validating.loadTrustAnchors(anchors);
        }
        return Optional.of(validating);
    }

    private InputStream anchors() throws IOException {
        if (trustAnchorFile.isPresent()) {
            return new ByteArrayInputStream(Files.readAllBytes(trustAnchorFile.get()));
        }
        InputStream builtIn = DnssecValidation.class.getResourceAsStream(ROOT_ANCHORS);
        if (builtIn == null) {
            throw new IOException("the built-in root trust anchors are missing from the client's jar");
        }
        return builtIn;
    }

    @Override
    public String toString() {
        return trustResolverAd ? "the resolver's AD bit"
                : trustAnchorFile.map(file -> "local validation from " + file).orElse("local validation from the root");
    }
}
