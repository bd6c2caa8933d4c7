package org.mailkeys.protocol;

import java.nio.charset.StandardCharsets;

/** Status lines are US-ASCII; a MAC over one is over these bytes, without the terminator. */
final class StatusLines {
    private StatusLines() {
    }

    static byte[] bytes(String statusLine) {
        return statusLine.getBytes(StandardCharsets.US_ASCII);
    }
}
