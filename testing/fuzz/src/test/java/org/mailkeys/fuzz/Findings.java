package org.mailkeys.fuzz;

import org.mailkeys.protocol.ProtocolException;

/** What a fuzz target treats as a finding besides an unexpected exception. */
final class Findings {
    private Findings() {
    }

    /** A refusal must name an error code of docs/PROTOCOL.md section 4: the KST answers with it. */
    static void requireCode(ProtocolException refused) {
        if (refused.code() == null) {
            throw new IllegalStateException("a ProtocolException without an error code", refused);
        }
    }
}
