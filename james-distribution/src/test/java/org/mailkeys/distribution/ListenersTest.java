package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailkeys.distribution.testjames.TestJames.DOMAIN;
import static org.mailkeys.distribution.testjames.TestJames.PASSWORD;
import static org.mailkeys.distribution.testjames.TestJames.REQUESTER_DOMAIN;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailkeys.testing.Mailbox;
import org.mailkeys.testing.SmtpSession;
import org.mailkeys.testing.TestMessages;
import org.mailkeys.distribution.testjames.TestJames;

/** The distribution's listeners: TLS everywhere, AUTH where it belongs, loopback not trusted, mail flows. */
class ListenersTest {
    private static final RuntimeFolder RUNTIME = RuntimeFolder.forTests();
    private static final ListenerPorts PORTS = RUNTIME.ports();
    private static final String ALICE = "alice@" + DOMAIN;
    private static final String BOB = "bob@" + REQUESTER_DOMAIN;

    @RegisterExtension
    static JamesServerExtension james = TestJames.perClass(RUNTIME);

    @BeforeAll
    static void addUsers(GuiceJamesServer server) throws Exception {
        TestJames.addDomainsAndUsers(server, ALICE, BOB);
    }

    @Test
    void mxListenerShouldOfferStartTlsButNeverAuth() throws IOException {
        try (SmtpSession session = SmtpSession.startTls(PORTS.smtpMx)) {
            assertThat(session.ehloLines()).noneMatch(line -> line.contains("AUTH"));
        }
    }

    @Test
    void submissionListenersShouldOfferAuthOverTls() throws IOException {
        try (SmtpSession startTls = SmtpSession.startTls(PORTS.submission);
             SmtpSession implicitTls = SmtpSession.implicitTls(PORTS.submissions)) {
            assertThat(startTls.ehloLines()).anyMatch(line -> line.contains("AUTH") && line.contains("PLAIN"));
            assertThat(implicitTls.ehloLines()).anyMatch(line -> line.contains("AUTH") && line.contains("PLAIN"));
        }
    }

    @Test
    void loopbackShouldNotBeTrustedToRelay() throws IOException {
        try (SmtpSession mx = SmtpSession.startTls(PORTS.smtpMx);
             SmtpSession submission = SmtpSession.startTls(PORTS.submission)) {
            int mxReply = mx.rcptReply("someone@elsewhere.example", "someone-else@elsewhere.example");
            int submissionReply = submission.rcptReply("someone@elsewhere.example", "someone-else@elsewhere.example");

            assertThat(mxReply).as(mx.lastReply()).isEqualTo(550);
            assertThat(submissionReply).as(submission.lastReply()).isEqualTo(530);
        }
    }

    @Test
    void submissionShouldRefuseALocalSenderWithoutAuth() throws IOException {
        try (SmtpSession session = SmtpSession.startTls(PORTS.submission)) {
            assertThatThrownBy(() -> session.send(BOB, ALICE, TestMessages.message(BOB, ALICE, "no auth").raw()))
                .hasMessageContaining("530");
        }
    }

    @Test
    void anonymousMailOverTheMxListenerShouldBeReadableOverImapsAndImapWithStartTls() throws Exception {
        TestMessages message = TestMessages.message(BOB, ALICE, "over the MX").withBody("hello");
        try (SmtpSession session = SmtpSession.startTls(PORTS.smtpMx)) {
            session.send(BOB, ALICE, message.raw());
        }

        assertThat(Mailbox.imaps(PORTS.imaps, ALICE).awaitMessageWithSubject("over the MX").rawText()).contains("hello");
        assertThat(Mailbox.imapStartTls(PORTS.imap, ALICE).awaitMessageWithSubject("over the MX").rawText()).contains("hello");
    }

    @Test
    void authenticatedSubmissionShouldDeliverOverStartTlsAndImplicitTls() throws Exception {
        try (SmtpSession startTls = SmtpSession.startTls(PORTS.submission).authenticate(BOB, PASSWORD);
             SmtpSession implicitTls = SmtpSession.implicitTls(PORTS.submissions).authenticate(BOB, PASSWORD)) {
            startTls.send(BOB, ALICE, TestMessages.message(BOB, ALICE, "over 587").withBody("one").raw());
            implicitTls.send(BOB, ALICE, TestMessages.message(BOB, ALICE, "over 465").withBody("two").raw());
        }

        Mailbox alice = Mailbox.imaps(PORTS.imaps, ALICE);
        assertThat(alice.awaitMessageWithSubject("over 587").rawText()).contains("one");
        assertThat(alice.awaitMessageWithSubject("over 465").rawText()).contains("two");
    }

    @Test
    void webAdminShouldListTheHostedDomainsOnLoopback() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORTS.webAdmin + "/domains")).build(),
            HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains(DOMAIN, REQUESTER_DOMAIN);
    }

    @Test
    void listenersShouldBeBoundToLoopbackOnly() throws Exception {
        java.util.Optional<String> nonLoopback = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
            .flatMap(networkInterface -> java.util.Collections.list(networkInterface.getInetAddresses()).stream())
            .filter(address -> address instanceof java.net.Inet4Address && !address.isLoopbackAddress())
            .map(java.net.InetAddress::getHostAddress)
            .findFirst();
        org.mailkeys.testing.Prerequisites.require(nonLoopback.isPresent(), "no non-loopback address on this machine");
        String otherAddress = nonLoopback.get();
        for (int port : PORTS.all()) {
            try (Socket socket = new Socket()) {
                assertThatThrownBy(() -> socket.connect(new InetSocketAddress(otherAddress, port), 2000))
                    .as("port %d on %s", port, otherAddress)
                    .isInstanceOf(IOException.class);
            }
        }
    }
}
