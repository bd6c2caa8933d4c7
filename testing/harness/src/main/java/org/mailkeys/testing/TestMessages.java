package org.mailkeys.testing;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Builds the raw RFC 5322 text of a request as a MUA sends it (docs/PROTOCOL.md 2.1 and 3.1), CRLF line ends. */
public final class TestMessages {
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final String messageId;
    private String body = "";

    private TestMessages(String from, String to, String subject) {
        this.messageId = "<" + UUID.randomUUID() + "@client.acme.test>";
        headers.put("From", from);
        headers.put("To", to);
        headers.put("Subject", subject);
        headers.put("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()));
        headers.put("Message-ID", messageId);
        headers.put("MIME-Version", "1.0");
        headers.put("Content-Type", "text/plain; charset=us-ascii");
        headers.put("Content-Transfer-Encoding", "7bit");
    }

    public static TestMessages message(String from, String to, String subject) {
        return new TestMessages(from, to, subject);
    }

    /** Adds a header before the others (as a relay prepends Received: lines). */
    public TestMessages withLeadingHeader(String name, String value) {
        Map<String, String> reordered = new LinkedHashMap<>();
        reordered.put(name, value);
        reordered.putAll(headers);
        headers.clear();
        headers.putAll(reordered);
        return this;
    }

    public TestMessages withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** The body; LF line ends become CRLF. */
    public TestMessages withBody(String text) {
        this.body = text.replace("\r\n", "\n").replace("\n", "\r\n");
        return this;
    }

    public String messageId() {
        return messageId;
    }

    public String raw() {
        StringBuilder raw = new StringBuilder();
        headers.forEach((name, value) -> raw.append(name).append(": ").append(value).append("\r\n"));
        raw.append("\r\n").append(body);
        if (!body.endsWith("\r\n")) {
            raw.append("\r\n");
        }
        return raw.toString();
    }
}
