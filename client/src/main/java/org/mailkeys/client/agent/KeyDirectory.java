package org.mailkeys.client.agent;

import java.util.List;
import java.util.Optional;

/** The verified keys the agent holds, as the HKP listener asks for them. */
public interface KeyDirectory {
    /**
     * The verified key held for the address; an address not known yet is looked up at once, waiting up to the
     * agent's limit for the answer. Empty for a verified NOT-FOUND (kept until the next refresh), and when no answer
     * came in time.
     */
    Optional<byte[]> byAddress(String address) throws InterruptedException;

    /** The held keys with a key (primary or subkey) whose fingerprint ends with the given upper-case hex. */
    List<byte[]> byFingerprintSuffix(String hex);
}
