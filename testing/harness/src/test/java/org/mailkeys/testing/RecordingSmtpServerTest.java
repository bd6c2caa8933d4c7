package org.mailkeys.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;

class RecordingSmtpServerTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void aRelayShouldHideStartTlsRecordWhatWasSentAndPassOnTheTamperedText() throws Exception {
        try (RecordingSmtpServer end = new RecordingSmtpServer(LOOPBACK, 0, SSLContext.getDefault(), "end");
             RecordingSmtpServer relay = RecordingSmtpServer.relaying(new InetSocketAddress(LOOPBACK, 0),
                 new InetSocketAddress(LOOPBACK, end.port()), text -> text.replace("genuine", "forged"));
             Socket socket = new Socket(LOOPBACK, relay.port())) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("220 end");

            List<String> ehlo = command(in, out, "EHLO client.test");
            assertThat(ehlo).noneMatch(line -> line.contains("STARTTLS")).last().asString().startsWith("250 ");
            command(in, out, "MAIL FROM:<alice@example.net>");
            command(in, out, "RCPT TO:<bob@acme.net>");
            assertThat(command(in, out, "DATA")).containsExactly("354 go ahead");
            assertThat(command(in, out, "Subject: test\r\n\r\nthe genuine key\r\n.")).containsExactly("250 2.0.0 queued");

            assertThat(relay.mails()).containsExactly("Subject: test\r\n\r\nthe genuine key\r\n");
            assertThat(end.mails()).containsExactly("Subject: test\r\n\r\nthe forged key\r\n");
            assertThat(relay.tamperedMessages()).isEqualTo(1);
            assertThat(relay.receivedAnything("RCPT TO:<bob@acme.net>")).isTrue();
        }
    }

    /** Sends the lines, returns the reply's lines up to its last ("250 ...", not "250-..."). */
    private static List<String> command(BufferedReader in, OutputStream out, String lines) throws IOException {
        out.write((lines + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        List<String> reply = new ArrayList<>();
        String line;
        do {
            line = in.readLine();
            reply.add(line);
        } while (line != null && line.length() > 3 && line.charAt(3) == '-');
        return reply;
    }
}
