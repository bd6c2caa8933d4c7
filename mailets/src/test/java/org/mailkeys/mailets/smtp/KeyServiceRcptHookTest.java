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
import org.mailkeys.matchers.FakeDomainList;
import org.mailkeys.matchers.ServiceAddresses;

class KeyServiceRcptHookTest {
    private FakeDomainList domainList;
    private KeyServiceRcptHook hook;

    @BeforeEach
    void setUp() throws Exception {
        domainList = new FakeDomainList("example.net", "example.org");
        hook = new KeyServiceRcptHook(new ServiceAddresses(domainList, "keys"));
        hook.init(new BaseHierarchicalConfiguration());
    }

    private HookResult rcpt(String recipient) throws Exception {
        return hook.doRcpt(null, MaybeSender.getMailSender("bob@acme.test"), new MailAddress(recipient));
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
        assertThat(hook.doRcpt(null, MaybeSender.nullSender(), new MailAddress("keys@example.net"))).isEqualTo(HookResult.OK);
    }

    @Test
    void theConfiguredLocalPartShouldBeUsed() throws Exception {
        KeyServiceRcptHook custom = new KeyServiceRcptHook(new ServiceAddresses(domainList, "openpgpkey"));
        custom.init(new BaseHierarchicalConfiguration());

        assertThat(custom.doRcpt(null, MaybeSender.getMailSender("bob@acme.test"), new MailAddress("openpgpkey@example.net")))
            .isEqualTo(HookResult.OK);
        assertThat(custom.doRcpt(null, MaybeSender.getMailSender("bob@acme.test"), new MailAddress("keys@example.net")))
            .isEqualTo(HookResult.DECLINED);
    }

    @Test
    void aLocalPartGivenToTheHookShouldFailTheStartPointingToMailkeysProperties() {
        BaseHierarchicalConfiguration configuration = new BaseHierarchicalConfiguration();
        configuration.addProperty("serviceLocalPart", "openpgpkey");

        assertThatThrownBy(() -> hook.init(configuration)).isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("serviceLocalPart")
            .hasMessageContaining(ServiceAddresses.PROPERTY);
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
}
