package org.mailkeys.mailets;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import org.apache.james.server.core.MimeMessageSource;

/**
 * The bytes of an answer, written once, as the message source of the Mail handed to James' spool: James reads them
 * where it needs them (the spool's copy, the header checks of its matchers, delivery) instead of copying a
 * MimeMessage into a new source first.
 */
final class AnswerSource implements MimeMessageSource {
    private final String id;
    private final byte[] bytes;

    AnswerSource(String id, byte[] bytes) {
        this.id = id;
        this.bytes = bytes;
    }

    @Override
    public String getSourceId() {
        return id;
    }

    @Override
    public InputStream getInputStream() {
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public long getMessageSize() {
        return bytes.length;
    }
}
