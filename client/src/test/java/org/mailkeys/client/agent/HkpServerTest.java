package org.mailkeys.client.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailkeys.protocol.PublicKeyArmor;
import org.mailkeys.testing.KeyFixtures;

/** The HKP listener over real sockets, with the agent's keys replaced by a fixed directory. */
class HkpServerTest {
    private static final String ALICE = "alice@example.net";
    private static final byte[] ALICE_KEY = KeyFixtures.keyBytes(KeyFixtures.ALICE);

    private final List<String> addressesAskedFor = new CopyOnWriteArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private HkpServer server;
    private int port;

    @BeforeEach
    void start() throws IOException {
        KeyDirectory directory = new KeyDirectory() {
            @Override
            public Optional<byte[]> byAddress(String address) {
                addressesAskedFor.add(address);
                return address.equals(ALICE) ? Optional.of(ALICE_KEY) : Optional.empty();
            }

            @Override
            public List<byte[]> byFingerprintSuffix(String hex) {
                return KeyFixtures.ALICE_FINGERPRINT.endsWith(hex) ? List.of(ALICE_KEY) : List.of();
            }
        };
        AgentLog log = new AgentLog() {
            @Override
            public void info(String message) {
            }

            @Override
            public void warn(String message) {
                warnings.add(message);
            }
        };
        server = HkpServer.start(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), directory, log);
        port = server.address().getPort();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** What dirmngr 2.2.40 sends for --locate-keys (VERIFIED-FACTS.md). */
    @Test
    void anExactAddressLookupShouldReturnTheArmoredKey() throws Exception {
        Response response = get("/pks/lookup?op=get&options=mr&search=alice%40example.net&exact=on", "127.0.0.1:" + port);

        assertThat(response.status).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("application/pgp-keys");
        assertThat(PublicKeyArmor.keyBytes(response.body)).isEqualTo(ALICE_KEY);
    }

    @Test
    void aLookupWithoutExactAndWithAngleBracketsShouldFindTheAddressToo() throws Exception {
        Response response = get("/pks/lookup?op=get&search=%3CAlice%40Example.net%3E", "localhost:" + port);

        assertThat(response.status).isEqualTo(200);
        assertThat(addressesAskedFor).containsExactly(ALICE);
    }

    @Test
    void aFingerprintOrKeyIdLookupShouldFindTheKey() throws Exception {
        String fingerprint = KeyFixtures.ALICE_FINGERPRINT;

        assertThat(get("/pks/lookup?op=get&options=mr&search=0x" + fingerprint, "127.0.0.1:" + port).status).isEqualTo(200);
        assertThat(get("/pks/lookup?op=get&options=mr&search=0x" + fingerprint.substring(24), "127.0.0.1:" + port).status)
                .isEqualTo(200);
        assertThat(get("/pks/lookup?op=get&options=mr&search=0x0000000000000000", "127.0.0.1:" + port).status).isEqualTo(404);
    }

    /** What dirmngr sends for --search-keys. */
    @Test
    void anIndexShouldListTheKeyMachineReadably() throws Exception {
        Response response = get("/pks/lookup?op=index&options=mr&fingerprint=on&search=alice%40example.net", "127.0.0.1:" + port);

        assertThat(response.status).isEqualTo(200);
        assertThat(response.body).startsWith("info:1:1\npub:" + KeyFixtures.ALICE_FINGERPRINT + ":")
                .contains("uid:").contains("alice@example.net");
    }

    @Test
    void anUnknownAddressShouldBe404() throws Exception {
        assertThat(get("/pks/lookup?op=get&options=mr&search=nobody%40example.net&exact=on", "127.0.0.1:" + port).status)
                .isEqualTo(404);
    }

    @Test
    void addShouldBeNotImplemented() throws Exception {
        assertThat(request("POST /pks/add HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").status)
                .isEqualTo(501);
    }

    /** DNS rebinding: a web page's name that resolves to 127.0.0.1 reaches the listener with its own Host. */
    @Test
    void aForeignHostShouldBeRefusedBeforeAnyLookup() throws Exception {
        Response response = get("/pks/lookup?op=get&search=alice%40example.net", "attacker.example:" + port);

        assertThat(response.status).isEqualTo(403);
        assertThat(addressesAskedFor).isEmpty();
        assertThat(get("/pks/lookup?op=get&search=alice%40example.net", "127.0.0.1:1").status).as("another port").isEqualTo(403);
        assertThat(request("GET /pks/lookup?op=get&search=alice%40example.net HTTP/1.0\r\n\r\n").status).as("no Host").isEqualTo(403);
    }

    @Test
    void aRequestWithAnOriginHeaderShouldBeRefused() throws Exception {
        Response response = request("GET /pks/lookup?op=get&search=alice%40example.net HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nOrigin: https://attacker.example\r\nConnection: close\r\n\r\n");

        assertThat(response.status).isEqualTo(403);
        assertThat(addressesAskedFor).isEmpty();
    }

    @Test
    void aCrossSiteFetchShouldBeRefused() throws Exception {
        for (String site : new String[] {"cross-site", "same-site"}) {
            Response response = request("GET /pks/lookup?op=get&search=alice%40example.net HTTP/1.1\r\nHost: localhost:" + port
                    + "\r\nSec-Fetch-Site: " + site + "\r\nConnection: close\r\n\r\n");
            assertThat(response.status).as(site).isEqualTo(403);
        }
        assertThat(addressesAskedFor).isEmpty();
        Response typed = request("GET /pks/lookup?op=get&search=alice%40example.net HTTP/1.1\r\nHost: localhost:" + port
                + "\r\nSec-Fetch-Site: none\r\nConnection: close\r\n\r\n");
        assertThat(typed.status).as("an address the user typed").isEqualTo(200);
    }

    @Test
    void anOverlongQueryShouldBeRefused() throws Exception {
        String search = "a".repeat(HkpServer.MAX_QUERY) + "%40example.net";

        assertThat(get("/pks/lookup?op=get&search=" + search, "127.0.0.1:" + port).status).isEqualTo(414);
        assertThat(addressesAskedFor).isEmpty();
    }

    @Test
    void otherOperationsShouldBeNotImplemented() throws Exception {
        assertThat(get("/pks/lookup?op=vindex&search=alice%40example.net", "127.0.0.1:" + port).status).isEqualTo(501);
        assertThat(get("/other", "127.0.0.1:" + port).status).isEqualTo(404);
    }

    @Test
    void anAddressOffLoopbackShouldBeRefusedAtStart() {
        assertThatThrownBy(() -> HkpServer.requireLoopback(new InetSocketAddress("0.0.0.0", 11371)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
        assertThatThrownBy(() -> HkpServer.requireLoopback(new InetSocketAddress("192.0.2.1", 11371)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A client that starts a request and never finishes it (slowloris) is cut off by the server's request time limit. */
    @Test
    void aRequestThatNeverEndsShouldBeCutOff() throws Exception {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
            socket.setSoTimeout(120_000);
            socket.getOutputStream().write(("GET /pks/lookup?op=get&search=alice%40example.net HTTP/1.1\r\nHost: 127.0.0.1:"
                    + port + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();

            assertThat(readsToTheEnd(socket)).as("the server closed the connection").isTrue();
        }
        assertThat(addressesAskedFor).isEmpty();
    }

    /** Beyond the server's connection limit, a new connection is closed at once. */
    @Test
    void connectionsBeyondTheLimitShouldBeClosed() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 32; i++) {
                Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port);
                socket.getOutputStream().write("GET /pks/lookup".getBytes(StandardCharsets.ISO_8859_1));
                held.add(socket);
            }
            try (Socket oneTooMany = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
                oneTooMany.setSoTimeout(60_000);
                oneTooMany.getOutputStream().write(("GET /pks/lookup?op=get&search=alice%40example.net HTTP/1.1\r\nHost: 127.0.0.1:"
                        + port + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                assertThat(new String(oneTooMany.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1)).isEmpty();
            } catch (java.net.SocketException reset) {
                // closed while writing: refused all the same
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        assertThat(addressesAskedFor).isEmpty();
    }

    private static boolean readsToTheEnd(Socket socket) throws IOException {
        try {
            socket.getInputStream().readAllBytes();
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @Test
    void userIdsShouldBeEscapedAsTheDraftSays() {
        assertThat(HkpServer.escape("A:b%c <a@b.c>\u00e9")).isEqualTo("A%3Ab%25c <a@b.c>%C3%A9");
    }

    private Response get(String target, String host) throws IOException {
        return request("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    }

    private Response request(String raw) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return new Response(text);
        }
    }

    static final class Response {
        final int status;
        final List<String> headers = new ArrayList<>();
        final String body;

        Response(String text) {
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            String[] lines = head.split("\r\n");
            this.status = Integer.parseInt(lines[0].split(" ")[1]);
            for (int i = 1; i < lines.length; i++) {
                headers.add(lines[i]);
            }
            this.body = end < 0 ? "" : text.substring(end + 4);
        }

        String header(String name) {
            return headers.stream().filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(line -> line.substring(name.length() + 1).trim()).findFirst().orElse(null);
        }
    }
}
