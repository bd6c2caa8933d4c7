package org.mailkeys.matchers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import javax.mail.internet.MimeMessage;

import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebKeyServiceMailTest {
    private final WebKeyServiceMail matcher = new WebKeyServiceMail();

    @BeforeEach
    void init() throws Exception {
        matcher.init(FakeMatcherConfig.builder().matcherName("WebKeyServiceMail").build());
    }

    private static FakeMail mail(String headers) throws Exception {
        String raw = "From: alice@example.net\r\nTo: keys@example.net\r\n" + headers + "\r\nbody\r\n";
        return FakeMail.builder().name("m").sender("alice@example.net").recipient("keys@example.net")
            .mimeMessage(new MimeMessage(null, new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))))
            .build();
    }

    @Test
    void pgpMimeShouldBeWebKeyServiceMail() throws Exception {
        assertThat(matcher.match(mail("Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\";"
            + " boundary=b\r\n"))).isNotEmpty();
    }

    @Test
    void theClearKeyFormShouldBeWebKeyServiceMail() throws Exception {
        assertThat(matcher.match(mail("Content-Type: application/pgp-keys\r\n"))).isNotEmpty();
    }

    @Test
    void theDraftVersionHeaderShouldBeEnough() throws Exception {
        assertThat(matcher.match(mail("Wks-Draft-Version: 3\r\n"))).isNotEmpty();
    }

    @Test
    void aMailKeysRequestShouldNotBeWebKeyServiceMail() throws Exception {
        assertThat(matcher.match(mail("Content-Type: text/plain; charset=us-ascii\r\n"))).isEmpty();
        assertThat(matcher.match(mail(""))).isEmpty();
    }
}
