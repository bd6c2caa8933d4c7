package org.mailkeys.wkd;

import java.util.Objects;
import java.util.Optional;

/**
 * What a well-formed Web Key Directory request asks for (draft-koch-openpgp-webkey-service, section 3.1 for keys,
 * section 4.5 for the policy file, section 4.1 for the submission address file): the domain, and for a key the hashed local part and, when the client sent
 * {@code ?l=}, the local part itself.
 */
public final class WkdRequest {
    public enum Kind {
        KEY, POLICY, SUBMISSION_ADDRESS
    }

    private final Kind kind;
    private final String domain;
    private final Optional<String> hashedLocalPart;
    private final Optional<String> localPart;

    private WkdRequest(Kind kind, String domain, Optional<String> hashedLocalPart, Optional<String> localPart) {
        this.kind = kind;
        this.domain = domain;
        this.hashedLocalPart = hashedLocalPart;
        this.localPart = localPart;
    }

    static WkdRequest key(String domain, String hashedLocalPart, Optional<String> localPart) {
        return new WkdRequest(Kind.KEY, domain, Optional.of(hashedLocalPart), localPart);
    }

    static WkdRequest policy(String domain) {
        return new WkdRequest(Kind.POLICY, domain, Optional.empty(), Optional.empty());
    }

    static WkdRequest submissionAddress(String domain) {
        return new WkdRequest(Kind.SUBMISSION_ADDRESS, domain, Optional.empty(), Optional.empty());
    }

    public Kind kind() {
        return kind;
    }

    /** Lower-case ASCII host name. */
    public String domain() {
        return domain;
    }

    /** Present for {@link Kind#KEY}. */
    public String hashedLocalPart() {
        return hashedLocalPart.orElseThrow();
    }

    public Optional<String> localPart() {
        return localPart;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof WkdRequest)) {
            return false;
        }
        WkdRequest other = (WkdRequest) o;
        return kind == other.kind && domain.equals(other.domain) && hashedLocalPart.equals(other.hashedLocalPart)
            && localPart.equals(other.localPart);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, domain, hashedLocalPart, localPart);
    }

    @Override
    public String toString() {
        return kind + " " + domain + hashedLocalPart.map(hash -> "/" + hash).orElse("");
    }
}
