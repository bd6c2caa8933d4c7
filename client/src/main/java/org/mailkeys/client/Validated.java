package org.mailkeys.client;

import java.util.Objects;
import java.util.function.Function;

/**
 * A DNS answer and whether DNSSEC proved it (RFC 4035 section 4.3: "secure"); anything else is "insecure". A bogus
 * answer never becomes a {@code Validated}: {@link DnsLookup} throws {@link DnsLookup.BogusAnswerException}.
 */
public final class Validated<T> {
    private final T value;
    private final boolean secure;

    public Validated(T value, boolean secure) {
        this.value = Objects.requireNonNull(value);
        this.secure = secure;
    }

    public T value() {
        return value;
    }

    /** Proved by DNSSEC from a trust anchor; false for an unsigned zone or a name no trust anchor covers. */
    public boolean secure() {
        return secure;
    }

    public <R> Validated<R> map(Function<T, R> function) {
        return new Validated<>(function.apply(value), secure);
    }

    @Override
    public String toString() {
        return value + (secure ? " (DNSSEC secure)" : " (insecure)");
    }
}
