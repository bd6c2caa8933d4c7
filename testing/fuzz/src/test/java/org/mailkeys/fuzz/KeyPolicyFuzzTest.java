package org.mailkeys.fuzz;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.mailkeys.protocol.ProtocolException;
import org.mailkeys.protocol.PublicKeyArmor;
import org.mailkeys.protocol.PublicKeyPolicy;
import org.mailkeys.protocol.SanitisedKey;

/**
 * The key policy (docs/PROTOCOL.md 2.2, 2.3) that the KST applies to published keys and the client to retrieved ones:
 * any bytes are accepted or refused with a {@link ProtocolException}; an accepted key's sanitised bytes are accepted
 * again (sanitising is stable). Seeds: the key fixtures, armored (an input that starts with armor is dearmored first,
 * so the fuzzer mutates both forms).
 */
class KeyPolicyFuzzTest {
    private static final PublicKeyPolicy POLICY = new PublicKeyPolicy();
    private static final byte[] ARMOR = "-----BEGIN".getBytes(StandardCharsets.US_ASCII);

    @FuzzTest(maxDuration = FuzzBudget.IN_THE_BUILD)
    void anyKeyShouldBeAcceptedOrRefusedWithAProtocolError(byte[] input) {
        check(input);
    }

    /** Entry point of the Jazzer command line for long runs (README: "Fuzzing"). */
    public static void fuzzerTestOneInput(byte[] input) {
        check(input);
    }

    static void check(byte[] input) {
        try {
            byte[] keyBytes = startsWithArmor(input)
                ? PublicKeyArmor.keyBytes(new String(input, StandardCharsets.US_ASCII))
                : input;
            SanitisedKey accepted = POLICY.accept(keyBytes, "alice@example.net");
            SanitisedKey again = POLICY.accept(accepted.keyBytes(), "alice@example.net");
            if (!again.fingerprint().equals(accepted.fingerprint())) {
                throw new IllegalStateException("sanitising changed the fingerprint");
            }
        } catch (ProtocolException refused) {
            Findings.requireCode(refused);
        }
    }

    private static boolean startsWithArmor(byte[] input) {
        if (input.length < ARMOR.length) {
            return false;
        }
        for (int i = 0; i < ARMOR.length; i++) {
            if (input[i] != ARMOR[i]) {
                return false;
            }
        }
        return true;
    }
}
