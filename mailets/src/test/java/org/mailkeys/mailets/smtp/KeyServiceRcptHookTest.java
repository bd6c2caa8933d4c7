package org.mailkeys.mailets.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailkeys.mailets.RequestLimits;
import org.mailkeys.matchers.FakeDomainList;
import org.mailkeys.matchers.ServiceAddresses;

class KeyServiceRcptHookTest {
    private FakeDomainList domainList;
    private KeyServiceRcptHook hook;

    @BeforeEach
    void setUp() throws Exception {
        domainList = new FakeDomainList("example.net", "example.org");
        hook = new KeyServiceRcptHook(new ServiceAddresses(domainList, "keys"), RequestLimits.DEFAULT);
        hook.init(new BaseHierarchicalConfiguration());
    }

    private HookResult rcpt(String recipient) throws Exception {
        return hook.doRcpt(sessionDeclaring(null, null), MaybeSender.getMailSender("bob@acme.test"), new MailAddress(recipient));
    }

    @Test
    void theServiceAddressOfAHostedDomainShouldBeAccepted() throws Exception {
        assertThat(rcpt("keys@example.net")).isEqualTo(HookResult.OK);
        assertThat(rcpt("Keys@EXAMPLE.org")).isEqualTo(HookResult.OK);
    }

    @Test
    void otherRecipientsShouldBeLeftToTheNextHooks() throws Exception {
        assertThat(rcpt("alice@example.net")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt("keys@acme.test")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void aNullSenderShouldStillBeAcceptedSoTheMailetCanDropIt() throws Exception {
        assertThat(hook.doRcpt(sessionDeclaring(null, null), MaybeSender.nullSender(), new MailAddress("keys@example.net"))).isEqualTo(HookResult.OK);
    }

    @Test
    void theConfiguredLocalPartShouldBeUsed() throws Exception {
        KeyServiceRcptHook custom = new KeyServiceRcptHook(new ServiceAddresses(domainList, "openpgpkey"),
            RequestLimits.DEFAULT);
        custom.init(new BaseHierarchicalConfiguration());

        assertThat(custom.doRcpt(sessionDeclaring(null, null), MaybeSender.getMailSender("bob@acme.test"), new MailAddress("openpgpkey@example.net")))
            .isEqualTo(HookResult.OK);
        assertThat(custom.doRcpt(sessionDeclaring(null, null), MaybeSender.getMailSender("bob@acme.test"), new MailAddress("keys@example.net")))
            .isEqualTo(HookResult.DECLINED);
    }

    @Test
    void anyParameterGivenToTheHookShouldFailTheStartNamingIt() {
        BaseHierarchicalConfiguration configuration = new BaseHierarchicalConfiguration();
        configuration.addProperty("serviceLocalPart", "openpgpkey");

        assertThatThrownBy(() -> hook.init(configuration)).isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("serviceLocalPart")
            .hasMessageContaining("mailkeys.properties");
    }

    @Test
    void aFailingDomainListShouldDenySoft() throws Exception {
        domainList.failFromNowOn();

        assertThat(rcpt("keys@example.net").getResult()).isEqualTo(HookReturnCode.denySoft());
    }

    @Test
    void anUnknownParameterShouldFailTheStartNamingIt() {
        BaseHierarchicalConfiguration configuration = new BaseHierarchicalConfiguration();
        configuration.addProperty("[@class]", KeyServiceRcptHook.class.getName());
        configuration.addProperty("localPart", "keys");

        assertThatThrownBy(() -> hook.init(configuration)).isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("localPart");
    }

    @Test
    void theClassAttributeOfTheHandlerElementShouldBeAccepted() throws Exception {
        BaseHierarchicalConfiguration configuration = new BaseHierarchicalConfiguration();
        configuration.addProperty("[@class]", KeyServiceRcptHook.class.getName());
        hook.init(configuration);

        assertThat(rcpt("keys@example.net")).isEqualTo(HookResult.OK);
    }

    /** A session where the client declared {@code SIZE=} on MAIL FROM, as James records it, with or without AUTH. */
    private static org.apache.james.protocols.smtp.SMTPSession sessionDeclaring(Integer size, String authUser) {
        return (org.apache.james.protocols.smtp.SMTPSession) java.lang.reflect.Proxy.newProxyInstance(
            KeyServiceRcptHookTest.class.getClassLoader(),
            new Class<?>[] {org.apache.james.protocols.smtp.SMTPSession.class},
            (proxy, method, arguments) -> {
                switch (method.getName()) {
                    case "getAttachment":
                        return ((org.apache.james.protocols.api.ProtocolSession.AttachmentKey<?>) arguments[0])
                            .equals(org.apache.james.protocols.api.ProtocolSession.AttachmentKey.of("MESG_SIZE", Integer.class))
                            ? java.util.Optional.ofNullable(size) : java.util.Optional.empty();
                    case "getUsername":
                        return authUser == null ? null : org.apache.james.core.Username.of(authUser);
                    default:
                        throw new UnsupportedOperationException(method.getName());
                }
            });
    }

    @Test
    void aRetrievalRequestDeclaredLargerThanTheLimitShouldBeRefusedAtRcpt() throws Exception {
        HookResult result = hook.doRcpt(sessionDeclaring(4097, null), MaybeSender.getMailSender("bob@acme.test"),
            new MailAddress("keys@example.net"));

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("552");
        assertThat(result.getSmtpDescription()).startsWith("5.3.4");
    }

    @Test
    void aRetrievalRequestDeclaredWithinTheLimitShouldBeAccepted() throws Exception {
        assertThat(hook.doRcpt(sessionDeclaring(4096, null), MaybeSender.getMailSender("bob@acme.test"),
            new MailAddress("keys@example.net"))).isEqualTo(HookResult.OK);
    }

    @Test
    void anAuthenticatedPublicationShouldHaveThePublicationMailLimit() throws Exception {
        MaybeSender alice = MaybeSender.getMailSender("alice@example.net");
        MailAddress service = new MailAddress("keys@example.net");

        assertThat(hook.doRcpt(sessionDeclaring(100_000, "alice@example.net"), alice, service)).isEqualTo(HookResult.OK);
        assertThat(hook.doRcpt(sessionDeclaring(262_145, "alice@example.net"), alice, service).getResult())
            .isEqualTo(HookReturnCode.deny());
    }

    @Test
    void otherRecipientsShouldNotBeLimited() throws Exception {
        assertThat(hook.doRcpt(sessionDeclaring(10_000_000, null), MaybeSender.getMailSender("bob@acme.test"),
            new MailAddress("alice@example.net"))).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void theConfiguredSizeLimitsShouldBeTheOnesApplied() throws Exception {
        hook = new KeyServiceRcptHook(new ServiceAddresses(domainList, "keys"), RequestLimits.of(1000, 2048));
        hook.init(new BaseHierarchicalConfiguration());

        assertThat(hook.doRcpt(sessionDeclaring(1000, null), MaybeSender.getMailSender("bob@acme.test"),
            new MailAddress("keys@example.net"))).isEqualTo(HookResult.OK);
        assertThat(hook.doRcpt(sessionDeclaring(1001, null), MaybeSender.getMailSender("bob@acme.test"),
            new MailAddress("keys@example.net")).getResult()).isEqualTo(HookReturnCode.deny());
        // with SMTP AUTH: four times the publication limit, room for headers and encoding
        assertThat(hook.doRcpt(sessionDeclaring(4 * 2048, "bob@acme.test"), MaybeSender.getMailSender("bob@acme.test"),
            new MailAddress("keys@example.net"))).isEqualTo(HookResult.OK);
        assertThat(hook.doRcpt(sessionDeclaring(4 * 2048 + 1, "bob@acme.test"),
            MaybeSender.getMailSender("bob@acme.test"), new MailAddress("keys@example.net")).getResult())
            .isEqualTo(HookReturnCode.deny());
    }
}
