package org.mailkeys.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import javax.mail.internet.MimeMessage;

import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.RequestWriter;

class RequestTextTest {
    private final KAuth kAuth = KAuth.generate();
    private final String body = new RequestWriter().retrieval("alice@example.net", kAuth);

    /** The request as James' spool holds it: a MimeMessageWrapper over the received bytes. */
    private MimeMessageWrapper asSpooled(MimeMessage message) throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        message.writeTo(raw);
        return new MimeMessageWrapper(MimeMessageInputStreamSource.create("request-1",
            new ByteArrayInputStream(raw.toByteArray())));
    }

    @Test
    void aSpooledRequestShouldGiveTheSameTextAsTheMessageItWasReceivedAs() throws Exception {
        FakeMail received = TestRequests.anonymous("bob@acme.test", body).build();
        FakeMail spooled = TestRequests.anonymous("bob@acme.test", body)
            .mimeMessage(asSpooled(received.getMessage())).build();

        assertThat(RequestText.of(spooled)).isEqualTo(RequestText.of(received)).isEqualTo(body);
    }

    @Test
    void aSpooledRequestWhoseHeadersAMailetChangedShouldStillGiveItsText() throws Exception {
        FakeMail received = TestRequests.anonymous("bob@acme.test", body).build();
        MimeMessageWrapper spooled = asSpooled(received.getMessage());
        spooled.setHeader("X-Added-By-A-Mailet", "yes");

        String text = RequestText.of(TestRequests.anonymous("bob@acme.test", body).mimeMessage(spooled).build());

        assertThat(text).isEqualTo(body);
        assertThat(RequestText.kAuthOf(TestRequests.anonymous("bob@acme.test", body).mimeMessage(spooled).build()))
            .hasValueSatisfying(found -> assertThat(found.toBase64()).isEqualTo(kAuth.toBase64()));
    }
}
