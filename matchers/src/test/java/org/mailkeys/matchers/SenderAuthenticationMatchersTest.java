package org.mailkeys.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SenderAuthenticationMatchersTest {
    private SenderIsAuthenticated authenticated;
    private SenderIsAnonymous anonymous;

    @BeforeEach
    void setUp() throws MessagingException {
        authenticated = new SenderIsAuthenticated();
        authenticated.init(FakeMatcherConfig.builder().matcherName("SenderIsAuthenticated").build());
        anonymous = new SenderIsAnonymous();
        anonymous.init(FakeMatcherConfig.builder().matcherName("SenderIsAnonymous").build());
    }

    private FakeMail.Builder mail() throws MessagingException {
        return FakeMail.builder().name("mail").sender("alice@example.net").recipient("keys@example.net")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setText("body"));
    }

    @Test
    void authenticatedSenderShouldBeMatchedByTheAttributeOnly() throws Exception {
        FakeMail mail = mail().attribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of("alice@example.net"))).build();

        assertThat(authenticated.match(mail)).containsExactly(new MailAddress("keys@example.net"));
        assertThat(anonymous.match(mail)).isEmpty();
    }

    @Test
    void senderWithoutTheAttributeShouldBeAnonymous() throws Exception {
        FakeMail mail = mail().build();

        assertThat(authenticated.match(mail)).isEmpty();
        assertThat(anonymous.match(mail)).containsExactly(new MailAddress("keys@example.net"));
    }

    @Test
    void headersClaimingAuthenticationShouldNotMakeASenderAuthenticated() throws Exception {
        FakeMail mail = FakeMail.builder().name("mail").sender("alice@example.net").recipient("keys@example.net")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder()
                .addHeader("Received", "from x (Authenticated sender: alice@example.net) by mx")
                .addHeader("X-SMTP-Auth-User", "alice@example.net")
                .setText("body"))
            .build();

        assertThat(authenticated.match(mail)).isEmpty();
        assertThat(anonymous.match(mail)).hasSize(1);
    }

    @Test
    void anEmptyAuthUserShouldCountAsAnonymous() throws Exception {
        FakeMail mail = mail().attribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of(" "))).build();

        assertThat(authenticated.match(mail)).isEmpty();
        assertThat(anonymous.match(mail)).hasSize(1);
    }

    @Test
    void aConditionShouldFailTheStart() {
        assertThatThrownBy(() -> new SenderIsAuthenticated()
                .init(FakeMatcherConfig.builder().matcherName("SenderIsAuthenticated").condition("x").build()))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("takes no condition");
    }
}
