package org.mailkeys.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailkeys.testing.Dnsmasq;

/** MX ordering (RFC 5321 5.1), implicit MX and SRV discovery (RFC 6186), against a real DNS server (dnsmasq). */
class DnsLookupTest {
    private static Dnsmasq dns;
    private static DnsLookup lookup;

    @BeforeAll
    static void startDns() throws Exception {
        dns = Dnsmasq.start(List.of("test"), List.of(
                "--mx-host=example.test,mx2.example.test,20",
                "--mx-host=example.test,mx1.example.test,10",
                "--mx-host=example.test,mx3.example.test,30",
                "--host-record=mx1.example.test,127.0.0.11",
                "--host-record=mx2.example.test,127.0.0.12",
                "--host-record=plain.test,127.0.0.13",
                "--host-record=acme.test,127.0.0.14",
                "--srv-host=_submission._tcp.acme.test,smtp.acme.test,2587,0,0",
                "--srv-host=_imaps._tcp.acme.test,imap.acme.test,1993,0,0",
                "--srv-host=_imap._tcp.acme.test,imap.acme.test,1143,0,0",
                "--mx-host=acme.test,mx.acme.test,10"));
        lookup = DnsLookup.using(new HostAndPort(dns.hostAddress(), dns.port()), TestDns.noTrustAnchors());
    }

    @AfterAll
    static void stopDns() {
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void mailExchangersShouldComeInPreferenceOrder() throws Exception {
        assertThat(lookup.mailExchangers("example.test")).containsExactly("mx1.example.test", "mx2.example.test", "mx3.example.test");
    }

    @Test
    void aDomainWithoutMxShouldBeItsOwnMailExchanger() throws Exception {
        assertThat(lookup.mailExchangers("plain.test")).containsExactly("plain.test");
    }

    @Test
    void aDomainThatDoesNotExistShouldTakeNoMail() {
        assertThatThrownBy(() -> lookup.mailExchangers("nowhere.test")).isInstanceOf(DnsLookup.NoMailDomainException.class);
    }

    @Test
    void hostAddressesShouldComeFromTheGivenDnsServer() throws Exception {
        assertThat(lookup.addresses("mx2.example.test")).containsExactly(InetAddress.getByName("127.0.0.12"));
    }

    @Test
    void answersOfAnUnsignedZoneShouldBeInsecure() throws Exception {
        assertThat(lookup.mx("example.test").secure()).isFalse();
    }

    @Test
    void submissionShouldBeFoundThroughSrvWithStartTlsAndACertificateForTheMailDomain() throws Exception {
        MailServer submission = new ServiceLocator(lookup).submission("acme.test", Optional.empty());

        // RFC 7817 section 3: an SRV answer DNSSEC did not prove names the host, not the certificate's name
        assertThat(submission).isEqualTo(new MailServer(new HostAndPort("smtp.acme.test", 2587), MailServer.Tls.STARTTLS,
                "acme.test", false));
        assertThat(submission.protection()).isEqualTo(Protection.TLS);
    }

    @Test
    void imapsShouldBePreferredOverImap() throws Exception {
        MailServer imap = new ServiceLocator(lookup).imap("acme.test", Optional.empty());

        assertThat(imap).isEqualTo(new MailServer(new HostAndPort("imap.acme.test", 1993), MailServer.Tls.IMPLICIT,
                "acme.test", false));
    }

    @Test
    void withoutSrvThereShouldBeNoSubmissionServerRatherThanAGuessFromTheMx() {
        assertThatThrownBy(() -> new ServiceLocator(lookup).submission("example.test", Optional.empty()))
                .hasMessageContaining("--submission");
    }

    @Test
    void aConfiguredServerShouldWinOverDns() throws Exception {
        MailServer submission = new ServiceLocator(lookup).submission("acme.test", Optional.of(MailServer.parse("127.0.0.1:465", 587)));

        assertThat(submission).isEqualTo(new MailServer(new HostAndPort("127.0.0.1", 465), MailServer.Tls.IMPLICIT));
    }

    @Test
    void aHostWhoseAaaaQueryIsRefusedShouldBeReachedOverIpv4() throws Exception {
        // issue 18 item 12: dnsmasq without upstream (nor --local) answers AAAA of an A-only host with REFUSED
        try (Dnsmasq stub = Dnsmasq.start(List.of(), List.of("--host-record=mx1.example.test,127.0.0.11"))) {
            DnsLookup lookup = DnsLookup.using(new HostAndPort(stub.hostAddress(), stub.port()), TestDns.noTrustAnchors());

            assertThat(lookup.addresses("mx1.example.test")).containsExactly(InetAddress.getByName("127.0.0.11"));
            assertThatThrownBy(() -> lookup.addresses("unknown.example.test")).hasMessageContaining("REFUSED");
        }
    }

    @Test
    void aResolverWithoutDnssecShouldMakeAnswersUnderTheRootsAnchorsInsecureAndSaySo() throws Exception {
        // issue 18 item 12: with the root's trust anchors, this stub made every lookup "DNSSEC validation ... failed"
        DnsLookup fromRoot = DnsLookup.using(new HostAndPort(dns.hostAddress(), dns.port()), DnssecValidation.fromRoot());

        Validated<List<String>> mx = fromRoot.mx("example.test");

        assertThat(mx.secure()).isFalse();
        assertThat(mx.value()).containsExactly("mx1.example.test", "mx2.example.test", "mx3.example.test");
        assertThat(fromRoot.dnssecUnavailable()).hasValueSatisfying(why -> assertThat(why)
                .contains("--resolver").contains("gives no DNSSEC records").contains("DNSKEY ."));
    }
}
