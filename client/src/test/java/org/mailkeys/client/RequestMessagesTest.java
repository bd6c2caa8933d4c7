package org.mailkeys.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

class RequestMessagesTest {
    @Test
    void messageIdsShouldBeUniqueAndAtTheAccountsDomain() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(RequestMessages.newMessageId("bob@Acme.net"));
        }

        assertThat(ids).hasSize(1000).allMatch(id -> id.matches("<mailkeys\\.[0-9a-f]{32}\\.[0-9]+@acme\\.net>"));
    }

    @Test
    void aRequestMailShouldCarryTheProtocolsHeadersAndThePlainBody() throws Exception {
        MimeMessage message = RequestMessages.build(Session.getInstance(new Properties()), "bob@acme.net", "example.net",
                "Key request", "<id-1@acme.net>", "alice@example.net\r\nAAAA\r\n");
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        message.writeTo(raw);
        String text = raw.toString(StandardCharsets.US_ASCII);

        assertThat(message.getHeader("Message-ID", null)).isEqualTo("<id-1@acme.net>");
        assertThat(message.getHeader("From", null)).isEqualTo("bob@acme.net");
        assertThat(message.getHeader("To", null)).isEqualTo("keys@example.net");
        assertThat(message.getSubject()).isEqualTo("Key request");
        assertThat(message.getContentType()).startsWith("text/plain").containsIgnoringCase("us-ascii");
        assertThat(text).contains("\r\n\r\nalice@example.net\r\nAAAA\r\n");
        assertThat(message.getHeader("MailKeys-Version", null)).isEqualTo("2");
    }

    @Test
    void theDomainOfAnAddressShouldBeLowerCase() {
        assertThat(RequestMessages.domainOf("Alice@Example.NET")).isEqualTo("example.net");
        assertThat(RequestMessages.serviceAddress("example.net")).isEqualTo("keys@example.net");
    }
}
