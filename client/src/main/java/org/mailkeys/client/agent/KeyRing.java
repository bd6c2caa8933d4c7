package org.mailkeys.client.agent;

/** The user's OpenPGP program (GnuPG in the command line), as the agent needs it. */
public interface KeyRing {
    /** The account's public key as the program exports it (armored or binary). */
    byte[] exportPublicKey(String account) throws KeyRingException;

    /** Imports a verified key, keeping only the user IDs with the queried address; returns what the program said. */
    String importKey(byte[] keyBytes, String address) throws KeyRingException;

    /** Extends the expiry of the key and of its subkeys by {@code period} (a GnuPG period such as {@code 1y}). */
    void extendExpiry(String fingerprint, String period) throws KeyRingException;

    final class KeyRingException extends Exception {
        public KeyRingException(String message) {
            super(message);
        }
    }
}
