package org.mailkeys.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeyServiceRecipientTest {
    private FakeDomainList domainList;
    private KeyServiceRecipient matcher;

    @BeforeEach
    void setUp() throws MessagingException {
        domainList = new FakeDomainList("example.net", "example.org");
        matcher = new KeyServiceRecipient(new ServiceAddresses(domainList, "keys"));
        matcher.init(FakeMatcherConfig.builder().matcherName("KeyServiceRecipient").build());
    }

    private FakeMail mailTo(String... recipients) throws MessagingException {
        return FakeMail.builder().name("mail").sender("bob@acme.test").recipients(recipients).build();
    }

    @Test
    void shouldMatchTheServiceAddressOfEveryHostedDomain() throws Exception {
        assertThat(matcher.match(mailTo("keys@example.net", "keys@example.org")))
            .containsExactlyInAnyOrder(new MailAddress("keys@example.net"), new MailAddress("keys@example.org"));
    }

    @Test
    void shouldMatchOnlyTheServiceRecipientsOfAMailWithOthers() throws Exception {
        assertThat(matcher.match(mailTo("keys@example.net", "alice@example.net", "keys@elsewhere.test")))
            .containsExactly(new MailAddress("keys@example.net"));
    }

    @Test
    void shouldIgnoreTheCaseOfTheLocalPartAndDomain() throws Exception {
        assertThat(matcher.match(mailTo("KEYS@Example.NET"))).hasSize(1);
    }

    @Test
    void shouldNotMatchServiceLocalPartInForeignDomain() throws Exception {
        assertThat(matcher.match(mailTo("keys@acme.test"))).isEmpty();
    }

    @Test
    void shouldServeADomainAddedAfterStart() throws Exception {
        assertThat(matcher.match(mailTo("keys@new.test"))).isEmpty();

        domainList.addDomain(Domain.of("new.test"));

        assertThat(matcher.match(mailTo("keys@new.test"))).containsExactly(new MailAddress("keys@new.test"));
    }

    @Test
    void shouldUseTheConfiguredLocalPart() throws Exception {
        KeyServiceRecipient custom = new KeyServiceRecipient(new ServiceAddresses(domainList, "openpgpkey"));
        custom.init(FakeMatcherConfig.builder().matcherName("KeyServiceRecipient").build());

        assertThat(custom.match(mailTo("openpgpkey@example.net", "keys@example.net")))
            .containsExactly(new MailAddress("openpgpkey@example.net"));
    }

    @Test
    void aConditionRepeatingTheLocalPartShouldBeAccepted() throws Exception {
        KeyServiceRecipient repeated = new KeyServiceRecipient(new ServiceAddresses(domainList, "keys"));
        repeated.init(FakeMatcherConfig.builder().matcherName("KeyServiceRecipient").condition("KEYS").build());

        assertThat(repeated.match(mailTo("keys@example.net"))).hasSize(1);
    }

    @Test
    void aConditionOtherThanTheConfiguredLocalPartShouldFailTheStartNamingTheProperty() {
        KeyServiceRecipient other = new KeyServiceRecipient(new ServiceAddresses(domainList, "keys"));

        assertThatThrownBy(() -> other.init(FakeMatcherConfig.builder().matcherName("KeyServiceRecipient")
                .condition("openpgpkey").build()))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining(ServiceAddresses.PROPERTY);
    }

    @Test
    void shouldFailTheMailWhenTheDomainListFails() throws Exception {
        domainList.failFromNowOn();

        assertThatThrownBy(() -> matcher.match(mailTo("keys@example.net"))).isInstanceOf(MessagingException.class);
    }
}
