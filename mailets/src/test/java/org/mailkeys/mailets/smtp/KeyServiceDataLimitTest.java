package org.mailkeys.mailets.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailkeys.mailets.RequestLimits;
import org.mailkeys.matchers.FakeDomainList;
import org.mailkeys.matchers.ServiceAddresses;

/** DATA to keys@ without SIZE, line by line, as James' DATA handler hands the lines to the filter. */
class KeyServiceDataLimitTest {
    private static final byte[] LINE = ("x".repeat(76) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_DATA = ".\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final Response SPOOLED = new SMTPResponse("250", "2.6.0 Message received");

    private KeyServiceRcptHook hook;
    private final ByteArrayOutputStream spooled = new ByteArrayOutputStream();
    private final LineHandler<SMTPSession> spool = (session, line) -> {
        spooled.write(line, 0, line.length);
        return line.length == END_OF_DATA.length && line[0] == '.' ? SPOOLED : null;
    };

    @BeforeEach
    void setUp() throws Exception {
        hook = new KeyServiceRcptHook(new ServiceAddresses(new FakeDomainList("example.net"), "keys"),
            RequestLimits.DEFAULT);
        hook.init(new BaseHierarchicalConfiguration());
    }

    /** Sends {@code lines} lines and the end of DATA; the reply to the end of DATA. */
    private Response data(SMTPSession session, int lines) {
        for (int i = 0; i < lines; i++) {
            assertThat(hook.onLine(session, LINE.clone(), spool)).isNull();
        }
        return hook.onLine(session, END_OF_DATA.clone(), spool);
    }

    @Test
    void anAnonymousMailForKeysOverTheRetrievalLimitShouldStopReachingTheSpoolAndBeRefused552() throws Exception {
        SMTPSession session = session(null, "keys@example.net");

        Response reply = data(session, 10_000);

        assertThat(spooled.size()).isLessThanOrEqualTo(4096 + END_OF_DATA.length);
        assertThat(reply.getRetCode()).isEqualTo("552");
        assertThat(String.join(" ", reply.getLines())).contains("5.3.4");
        HookResult atTheEnd = hook.onMessage(session, null);
        assertThat(atTheEnd.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(atTheEnd.getSmtpRetCode()).isEqualTo("552");
    }

    @Test
    void aMailForKeysUnderTheLimitShouldPassWhole() throws Exception {
        SMTPSession session = session(null, "keys@example.net");

        Response reply = data(session, 40);

        assertThat(spooled.size()).isEqualTo(40 * LINE.length + END_OF_DATA.length);
        assertThat(reply).isSameAs(SPOOLED);
        assertThat(hook.onMessage(session, null)).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void anAuthenticatedMailShouldBeCutOnlyPastFourTimesTheProtocolTextTheKstEverReads() throws Exception {
        SMTPSession overThePublicationLimit = session("alice@example.net", "keys@example.net");
        assertThat(data(overThePublicationLimit, 4_000)).as("312 KB: answered too-large by the mailet")
            .isSameAs(SPOOLED);

        SMTPSession overTheCeiling = session("alice@example.net", "keys@example.net");
        assertThat(data(overTheCeiling, 60_000).getRetCode()).as("4.7 MB").isEqualTo("552");
        assertThat(RequestLimits.DEFAULT.authenticatedDataBytes()).isEqualTo(4 * 1024 * 1024);
    }

    @Test
    void aMailThatAlsoGoesToSomeoneElseShouldBeLeftToJamesOwnLimit() throws Exception {
        SMTPSession session = session(null, "keys@example.net", "alice@example.net");

        Response reply = data(session, 10_000);

        assertThat(spooled.size()).isEqualTo(10_000 * LINE.length + END_OF_DATA.length);
        assertThat(reply).isSameAs(SPOOLED);
        assertThat(hook.onMessage(session, null)).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void theNextTransactionOfTheSameConnectionShouldStartOver() throws Exception {
        Map<ProtocolSession.AttachmentKey<?>, Object> transaction = new HashMap<>();
        SMTPSession first = session(transaction, null, List.of("keys@example.net"));
        assertThat(data(first, 10_000).getRetCode()).isEqualTo("552");

        transaction.clear(); // what James does at the end of a transaction (RSET, a new MAIL FROM)
        transaction.put(SMTPSession.RCPT_LIST, new ArrayList<>(List.of(new MailAddress("keys@example.net"))));

        assertThat(data(first, 40)).isSameAs(SPOOLED);
    }

    private static SMTPSession session(String authUser, String... recipients) throws Exception {
        return session(new HashMap<>(), authUser, List.of(recipients));
    }

    /** An SMTP session with the transaction's attachments in a map, its recipients and maybe an SMTP AUTH user. */
    private static SMTPSession session(Map<ProtocolSession.AttachmentKey<?>, Object> transaction, String authUser,
                                       List<String> recipients) throws Exception {
        List<MailAddress> rcpts = new ArrayList<>();
        for (String recipient : recipients) {
            rcpts.add(new MailAddress(recipient));
        }
        transaction.put(SMTPSession.RCPT_LIST, rcpts);
        return (SMTPSession) Proxy.newProxyInstance(KeyServiceDataLimitTest.class.getClassLoader(),
            new Class<?>[] {SMTPSession.class},
            (proxy, method, arguments) -> {
                switch (method.getName()) {
                    case "getAttachment":
                        return Optional.ofNullable(transaction.get(arguments[0]));
                    case "setAttachment":
                        return Optional.ofNullable(transaction.put((ProtocolSession.AttachmentKey<?>) arguments[0],
                            arguments[1]));
                    case "getUsername":
                        return authUser == null ? null : Username.of(authUser);
                    case "getRemoteAddress":
                        return new InetSocketAddress("192.0.2.66", 40_000);
                    default:
                        throw new UnsupportedOperationException(method.getName());
                }
            });
    }
}
