package org.mailkeys.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import jakarta.mail.MessagingException;

import org.junit.jupiter.api.Test;

class RequestSenderTest {
    @Test
    void aServerReplyShouldBeDescribedOnOneLineWithoutControlCharacters() {
        MessagingException failure = new MessagingException("550 no\r\n such\tuser \u001b[2J\u009b31m",
                new IOException("reset \u0007"));

        String text = RequestSender.describe(failure);

        assertThat(text).isEqualTo("550 no such user ?[2J?31m: reset ?");
    }
}
