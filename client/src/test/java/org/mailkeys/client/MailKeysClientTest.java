package org.mailkeys.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.testing.Dnsmasq;
import org.mailkeys.testing.KeyFixtures;

/** What the client decides before any answer arrives, with a real DNS server and nothing listening on the MX port. */
class MailKeysClientTest {
    private static Dnsmasq dns;
    private static int closedPort;

    @TempDir
    Path state;

    @BeforeAll
    static void startDns() throws Exception {
        dns = Dnsmasq.start(List.of("test"), List.of(
                "--mx-host=example.test,mx1.example.test,10",
                "--mx-host=example.test,mx2.example.test,20",
                "--host-record=mx1.example.test,127.0.0.1",
                "--host-record=mx2.example.test,127.0.0.1"));
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
    }

    @AfterAll
    static void stopDns() {
        if (dns != null) {
            dns.close();
        }
    }

    private MailKeysClient client(boolean relay) {
        return new MailKeysClient(ClientSettings.builder("bob@acme.test")
                .dns(DnsLookup.using(new HostAndPort(dns.hostAddress(), dns.port()), TestDns.noTrustAnchors()))
                .mxPort(closedPort)
                .relay(relay)
                .networkTimeout(Duration.ofSeconds(5))
                .stateFolder(state)
                .build());
    }

    @Test
    void whenNoMxIsReachableTheLookupShouldFailNamingThatObstacle() throws Exception {
        MailKeysClient client = client(false);

        Outcome outcome = client.sendLookup("alice@example.test");

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, failed -> {
            assertThat(failed.reason()).contains("mx1.example.test").contains("mx2.example.test");
            assertThat(failed.obstacle()).contains(Outcome.Failed.Obstacle.MAIL_EXCHANGERS_UNREACHABLE);
        });
        assertThat(client.pendingRequests().pending()).isEmpty();
    }

    @Test
    void aCollectionThatCannotReachTheImapServerShouldSayTheRequestStaysPending() throws Exception {
        MailKeysClient client = new MailKeysClient(ClientSettings.builder("bob@acme.test")
                .imap(new HostAndPort("127.0.0.1", closedPort))
                .credentials(() -> new Credentials("bob@acme.test", "wrong".toCharArray()))
                .networkTimeout(Duration.ofSeconds(5))
                .stateFolder(state)
                .build());
        client.pendingRequests().save(new PendingRequest("<sent@acme.test>", RequestKind.LOOKUP, "alice@example.test",
                "bob@acme.test", KAuth.generate(), Instant.now(), false, Optional.empty()));

        assertThatThrownBy(() -> client.collectPending(Duration.ZERO))
                .isInstanceOf(MailKeysException.class)
                .hasMessageContaining("collecting answers from")
                .hasMessageContaining("the request was sent and stays pending: `mailkeys answers` collects its answer later");
        assertThat(client.pendingOfAccount()).extracting(PendingRequest::messageId).containsExactly("<sent@acme.test>");
    }

    @Test
    void aDomainThatDoesNotExistShouldNotSupportTheService() throws Exception {
        MailKeysClient client = client(false);

        Outcome outcome = client.sendLookup("alice@nowhere.test");

        assertThat(outcome).isInstanceOf(Outcome.NotSupported.class);
        assertThat(client.pendingRequests().pending()).isEmpty();
    }

    @Test
    void aKeyWithoutTheAccountsAddressShouldNotBeSent() throws Exception {
        MailKeysClient client = client(false);

        assertThatThrownBy(() -> client.sendPublication(KeyFixtures.keyBytes(KeyFixtures.ALICE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("address-mismatch");
        assertThat(client.pendingRequests().pending()).isEmpty();
    }

    @Test
    void aGivenMxHostShouldReplaceTheDomainsMxRecords() throws Exception {
        MailKeysClient client = new MailKeysClient(ClientSettings.builder("bob@acme.test")
                .dns(DnsLookup.using(new HostAndPort(dns.hostAddress(), dns.port()), TestDns.noTrustAnchors()))
                .mxOverride("127.0.0.1")
                .mxPort(closedPort)
                .networkTimeout(Duration.ofSeconds(5))
                .stateFolder(state)
                .build());

        Outcome outcome = client.sendLookup("alice@nowhere.test");

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class,
                failed -> assertThat(failed.reason()).contains("127.0.0.1").doesNotContain("mx1.example.test"));
    }
}
