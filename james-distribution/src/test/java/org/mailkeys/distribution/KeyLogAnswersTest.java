package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailkeys.distribution.MailKeysServer.DOMAIN;
import static org.mailkeys.distribution.MailKeysServer.REQUESTER_DOMAIN;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerBuilder;
import org.apache.james.JamesServerExtension;
import org.apache.james.MemoryJamesConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.distribution.KeyServiceClient.SentRequest;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.LogProofAnswers;
import org.mailkeys.protocol.PublicKeyArmor;
import org.mailkeys.protocol.RequestWriter;
import org.mailkeys.testing.GnuPG;
import org.mailkeys.testing.Mailbox;
import org.mailkeys.testing.ReceivedMail;
import org.mailkeys.testing.SmtpSession;
import org.mailkeys.testing.TestMessages;
import org.mailkeys.testing.WebAdmin;
import org.mailkeys.transparency.Checkpoint;
import org.mailkeys.transparency.LogEntry;
import org.mailkeys.transparency.LogKeys;
import org.mailkeys.transparency.NoteVerifier;
import org.mailkeys.transparency.TlogProof;
import org.mailkeys.transparency.VrfPublicKey;

/**
 * docs/PROTOCOL.md 12 end to end: a real James with the shipped configuration answers {@code MailKeys-Version: 2}
 * requests with proofs from its key log, and version 1 requests as before.
 */
class KeyLogAnswersTest {
    private static final RuntimeFolder RUNTIME = RuntimeFolder.forTests();
    private static final ListenerPorts PORTS = RUNTIME.ports();
    private static final KeyServiceClient CLIENT = new KeyServiceClient(PORTS);
    private static final String ALICE = "alice@" + DOMAIN;
    private static final String BOB = "bob@" + REQUESTER_DOMAIN;
    private static Path root;

    @RegisterExtension
    static JamesServerExtension james = new JamesServerBuilder<MemoryJamesConfiguration>(tmpDir -> {
        root = tmpDir.toPath();
        return RUNTIME.layOut(root);
    }).server(MailKeysServer::create).lifeCycle(JamesServerExtension.Lifecycle.PER_CLASS).build();

    @TempDir
    static Path gnupgHomes;
    private static byte[] publishedKeyBytes;
    private static String confirmationBlock;

    @BeforeAll
    static void publishWithVersion2(GuiceJamesServer server) throws Exception {
        MailKeysServer.addDomainsAndUsers(server, ALICE, BOB);
        try (GnuPG alicesTool = new GnuPG(gnupgHomes.resolve("alice"))) {
            String armored = alicesTool.exportArmored(alicesTool.generateEd25519("Alice <" + ALICE + ">"));
            publishedKeyBytes = PublicKeyArmor.keyBytes(armored);
            KAuth kAuth = KAuth.generate();
            TestMessages message = TestMessages.message(ALICE, "keys@" + DOMAIN, "Key publication")
                .withHeader(LogProofAnswers.VERSION_HEADER, "2")
                .withBody(armored.stripTrailing() + "\n" + kAuth.toBase64() + "\n");
            try (SmtpSession session = SmtpSession.startTls(PORTS.submission).authenticate(ALICE,
                MailKeysServer.PASSWORD)) {
                session.send(ALICE, "keys@" + DOMAIN, message.raw());
            }
            ReceivedMail confirmation = Mailbox.imaps(PORTS.imaps, ALICE).awaitReplyTo(message.messageId());
            assertThat(confirmation.header(LogProofAnswers.VERSION_HEADER)).hasValue("2");
            assertThat(confirmation.header("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).contains("utf-8"));
            String[] body = blockAndMac(confirmation);
            confirmationBlock = body[0];
            assertThat(body[1]).isEqualTo(kAuth.macOver(LogProofAnswers.macInput(publishedKeyBytes, body[0]))
                .toBase64());
        }
    }

    @Test
    void theConfirmationShouldProveTheNewEntryAndTeachTheOwnerHerLabel() throws Exception {
        LogEntry entry = verifiedEntry(confirmationBlock, ALICE);
        assertThat(entry.change()).isEqualTo(LogEntry.Change.PUBLISHED);
    }

    @Test
    void aVersion2KeyAnswerShouldCarryTheProofOfTheEntryThatHoldsTheKey() throws Exception {
        KAuth kAuth = KAuth.generate();
        TestMessages message = TestMessages.message(BOB, "keys@" + DOMAIN, "Key request")
            .withHeader(LogProofAnswers.VERSION_HEADER, "2")
            .withBody(new RequestWriter().retrieval(ALICE, kAuth));
        CLIENT.sendAnonymously(BOB, "keys@" + DOMAIN, message);
        ReceivedMail answer = Mailbox.imaps(PORTS.imaps, BOB).awaitReplyTo(message.messageId());

        String body = body(answer);
        int end = body.indexOf("-----END PGP PUBLIC KEY BLOCK-----\n") + "-----END PGP PUBLIC KEY BLOCK-----\n".length();
        byte[] keyBytes = PublicKeyArmor.keyBytes(body.substring(0, end));
        String rest = body.substring(end);
        String block = rest.substring(0, rest.lastIndexOf('\n', rest.length() - 2) + 1);
        String mac = rest.substring(block.length()).trim();
        assertThat(mac).isEqualTo(kAuth.macOver(LogProofAnswers.macInput(keyBytes, block)).toBase64());
        LogEntry entry = verifiedEntry(block, ALICE);
        byte[] served = sha256(keyBytes);
        assertThat(entry.keyDigest()).hasValueSatisfying(digest -> assertThat(digest).isEqualTo(served));
    }

    @Test
    void goShouldAcceptTheConfirmationsProofAndTheServedTiles() throws Exception {
        // Go's sumdb/note and sumdb/tlog (transparency's GoOracleTest program): an independent C2SP implementation
        Path oracle = gnupgHomes.resolve("go-oracle");
        Path log = oracle.resolve("log");
        Path served = root.resolve("var/mailkeys/log/public");
        try (java.util.stream.Stream<Path> files = Files.walk(served)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = log.resolve(served.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else if (!file.getFileName().toString().startsWith(".")) {
                    Files.copy(file, copy);
                }
            }
        }
        Files.writeString(log.resolve("vkey"), verifier(logKeys()).verifierKey() + "\n");
        Files.writeString(log.resolve("proof-confirmation"), confirmationBlock.split("\n", 3)[2]);
        Files.writeString(log.resolve("proofs"), "tlog-proof proof-confirmation\n");
        Files.copy(Path.of("../transparency/src/test/resources/go-oracle/oracle.go"), oracle.resolve("oracle.go"));
        Path go = org.mailkeys.testing.ExternalPrograms.executable("go").orElseThrow();
        java.util.Map<String, String> gopath = java.util.Map.of("GOPATH", "/usr/share/gocode", "GO111MODULE", "off",
            "GOFLAGS", "", "GOCACHE", oracle.resolve("cache").toString());
        org.mailkeys.testing.ExternalPrograms.run(oracle, gopath, java.time.Duration.ofMinutes(5), go.toString(),
            "build", "-o", "oracle", "oracle.go");
        String output = org.mailkeys.testing.ExternalPrograms.run(oracle, java.util.Map.of(),
            java.time.Duration.ofMinutes(2), oracle.resolve("oracle").toString(), log.toString(), logKeys().origin());
        assertThat(output).contains("OK checkpoint", "OK tiles and entries", "OK tlog-proof");
    }

    @Test
    void aVersion2NotFoundShouldCarryTheVrfProofAndTheLatestCheckpoint() throws Exception {
        KAuth kAuth = KAuth.generate();
        String nobody = "nobody@" + DOMAIN;
        TestMessages message = TestMessages.message(BOB, "keys@" + DOMAIN, "Key request")
            .withHeader(LogProofAnswers.VERSION_HEADER, "2")
            .withBody(new RequestWriter().retrieval(nobody, kAuth));
        CLIENT.sendAnonymously(BOB, "keys@" + DOMAIN, message);
        ReceivedMail answer = Mailbox.imaps(PORTS.imaps, BOB).awaitReplyTo(message.messageId());

        String body = body(answer);
        String statusLine = "NOT-FOUND " + nobody;
        assertThat(body).startsWith(statusLine + "\n" + LogProofAnswers.BLOCK_HEADER + "\n");
        String block = body.substring(statusLine.length() + 1, body.lastIndexOf('\n', body.length() - 2) + 1);
        String mac = body.substring(statusLine.length() + 1 + block.length()).trim();
        assertThat(mac).isEqualTo(kAuth.macOver(LogProofAnswers.macInput(
            statusLine.getBytes(StandardCharsets.US_ASCII), block)).toBase64());
        String[] lines = block.split("\n", 3);
        LogKeys keys = logKeys();
        assertThat(VrfPublicKey.parse(keys.vrf().publicKey().encoded()).orElseThrow()
            .verify(nobody.getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(lines[1].substring(4))))
            .isPresent();
        assertThat(Checkpoint.verified(lines[2], verifier(keys), keys.origin())).isPresent();
    }

    @Test
    void aVersion1RequestShouldGetAVersion1Answer() throws Exception {
        SentRequest request = CLIENT.requestKey(BOB, ALICE);
        ReceivedMail answer = Mailbox.imaps(PORTS.imaps, BOB).awaitReplyTo(request.messageId);

        assertThat(answer.header(LogProofAnswers.VERSION_HEADER)).isEmpty();
        assertThat(answer.header("Content-Type")).hasValue("text/plain; charset=us-ascii");
        assertThat(answer.rawText()).doesNotContain(LogProofAnswers.BLOCK_HEADER);
        assertThat(((KeyAnswer.KeyFound) answer.answer()).verifies(request.kAuth)).isTrue();
    }

    @Test
    void webAdminShouldShowTheLogsOriginKeysAndSize() throws Exception {
        java.net.http.HttpResponse<String> response = new WebAdmin(PORTS.webAdmin).get("/mailkeys/log");

        assertThat(response.statusCode()).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode log = new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(response.body());
        LogKeys keys = logKeys();
        assertThat(log.get("origin").asText()).isEqualTo(keys.origin()).endsWith("/mailkeys-log");
        assertThat(log.get("vkey").asText()).isEqualTo(verifier(keys).verifierKey());
        assertThat(log.get("size").asLong()).isPositive();
        assertThat(Checkpoint.verified(log.get("checkpoint").asText(), verifier(keys), keys.origin())).isPresent();
    }

    /** The entry a block proves, after checking the VRF proof (label = address), the tlog-proof and the signature. */
    private static LogEntry verifiedEntry(String block, String address) throws Exception {
        String[] lines = block.split("\n", 3);
        assertThat(lines[0]).isEqualTo(LogProofAnswers.BLOCK_HEADER);
        LogKeys keys = logKeys();
        byte[] label = VrfPublicKey.parse(keys.vrf().publicKey().encoded()).orElseThrow()
            .verify(address.getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(lines[1].substring(4)))
            .orElseThrow();
        TlogProof proof = TlogProof.parse(lines[2]).orElseThrow();
        byte[] entryBytes = proof.extra().orElseThrow();
        assertThat(proof.verify(entryBytes, verifier(keys), keys.origin())).isPresent();
        LogEntry entry = LogEntry.parse(entryBytes).orElseThrow();
        assertThat(entry.label()).isEqualTo(label);
        return entry;
    }

    /** The public keys as the log serves them (vkey and vrf lines), read through the keys the server made. */
    private static LogKeys logKeys() throws Exception {
        return LogKeys.decode(Files.readAllBytes(root.resolve("var/mailkeys/log/private/keys"))).orElseThrow();
    }

    private static NoteVerifier verifier(LogKeys keys) {
        String vkey = keys.publicKeys().split("\n")[0].substring("vkey ".length());
        return NoteVerifier.parse(vkey).orElseThrow();
    }

    /** The body as UTF-8 text with LF line ends. */
    private static String body(ReceivedMail mail) {
        String text = new String(mail.raw(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        return text.substring(text.indexOf("\n\n") + 2);
    }

    private static String[] blockAndMac(ReceivedMail mail) {
        String body = body(mail);
        int lastLine = body.lastIndexOf('\n', body.length() - 2) + 1;
        return new String[] {body.substring(0, lastLine), body.substring(lastLine).trim()};
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
