package org.mailkeys.mailets;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.mailkeys.protocol.AutocryptKey;
import org.mailkeys.store.StoredKey;

/**
 * The {@code Autocrypt:} header value of each sender's key, made once per stored key version: making it parses the
 * key and verifies up to 200 of its signatures (the list of docs/PROTOCOL.md 2.2 allows RSA-8192 keys), which a user
 * who sends many small mails would otherwise make the spool pay for every mail. An entry serves the same address,
 * version and fingerprint until the self-signature it was made from expires ({@link AutocryptKey.Minimal}); a new
 * version (publication, deletion) is made again. At most {@code maxEntries} senders are kept, least recently used
 * first out: the values are at most 10 KiB of key data each, so the bound is also one of memory.
 */
final class AutocryptHeaderCache {
    /** How the header data is made from a stored key: {@link AutocryptKey#prepare}, or a counting double in tests. */
    @FunctionalInterface
    interface KeyDataMaker {
        AutocryptKey.Minimal prepare(byte[] storedKey, String address, Instant now);
    }

    private final int maxEntries;
    private final KeyDataMaker maker;
    private final Map<String, Header> entries;

    AutocryptHeaderCache(int maxEntries, KeyDataMaker maker) {
        this.maxEntries = maxEntries;
        this.maker = maker;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Header> eldest) {
                return size() > AutocryptHeaderCache.this.maxEntries;
            }
        };
    }

    /** The header value for the key stored for {@code address}, or empty when the key has no usable minimal form. */
    Optional<String> headerValue(StoredKey key, String address, Instant now) {
        Header cached;
        synchronized (entries) {
            cached = entries.get(address);
        }
        if (cached != null && cached.isFor(key) && cached.minimal.holdsAt(now)) {
            return cached.headerValue;
        }
        // made outside the lock: a spool thread making one sender's header never holds up another sender's mail
        AutocryptKey.Minimal minimal = maker.prepare(key.keyBytes(), address, now);
        Header made = new Header(key.version(), key.fingerprint(), minimal,
            minimal.keyData().map(data -> AddAutocryptHeader.headerValue(address, data)));
        synchronized (entries) {
            entries.put(address, made);
        }
        return made.headerValue;
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private static final class Header {
        private final long version;
        private final String fingerprint;
        private final AutocryptKey.Minimal minimal;
        private final Optional<String> headerValue;

        private Header(long version, String fingerprint, AutocryptKey.Minimal minimal, Optional<String> headerValue) {
            this.version = version;
            this.fingerprint = fingerprint;
            this.minimal = minimal;
            this.headerValue = headerValue;
        }

        private boolean isFor(StoredKey key) {
            return key.version() == version && Objects.equals(key.fingerprint(), fingerprint);
        }
    }
}
