package org.mailkeys.webadmin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as the routes write them: RFC 3339 in UTC with exactly three decimals, as the docs show them. */
final class Timestamps {
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
        .withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    static String millis(Instant instant) {
        return MILLIS.format(instant);
    }
}
