package org.mailkeys.client.agent;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.mailkeys.protocol.PublicKeyArmor;

/**
 * The armored form of the keys the HKP listener answers with, kept for the last {@link #MAX_KEYS} keys asked for: a
 * program asks for the same few correspondents again and again, and armoring (Bouncy Castle's armored stream, a
 * string at a time) was the dearest step of answering from the agent's cache. Keyed by the key's bytes, so a key that
 * changed is armored anew; public keys only, at most {@link #MAX_KEYS} of them (a key is at most 64 KiB as the
 * protocol bounds it: a few MiB at worst).
 */
final class ArmoredKeys {
    static final int MAX_KEYS = 64;

    private final Map<KeyBytes, String> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<KeyBytes, String> eldest) {
            return size() > MAX_KEYS;
        }
    };

    String armor(byte[] keyBytes) {
        KeyBytes key = new KeyBytes(keyBytes);
        synchronized (recent) {
            String armored = recent.get(key);
            if (armored != null) {
                return armored;
            }
        }
        String armored = PublicKeyArmor.armor(keyBytes);
        synchronized (recent) {
            recent.put(key, armored);
        }
        return armored;
    }

    int size() {
        synchronized (recent) {
            return recent.size();
        }
    }

    private static final class KeyBytes {
        private final byte[] bytes;
        private final int hash;

        KeyBytes(byte[] bytes) {
            this.bytes = bytes.clone();
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof KeyBytes && Arrays.equals(bytes, ((KeyBytes) other).bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
