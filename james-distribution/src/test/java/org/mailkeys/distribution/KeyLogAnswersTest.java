package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailkeys.distribution.testjames.TestJames.DOMAIN;
import static org.mailkeys.distribution.testjames.TestJames.REQUESTER_DOMAIN;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
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
import org.mailkeys.testing.GoOracle;
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
import org.slf4j.LoggerFactory;
import org.mailkeys.distribution.testjames.TestJames;

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
    static JamesServerExtension james = TestJames.perClassLaidOutBy(tmpDir -> {
        root = tmpDir;
        return RUNTIME.layOut(root);
    });

    @TempDir
    static Path gnupgHomes;
    @TempDir
    static Path oracleFolder;
    private static GoOracle oracle;
    private static byte[] publishedKeyBytes;
    private static String confirmationBlock;

    @BeforeAll
    static void publishWithVersion2(GuiceJamesServer server) throws Exception {
        TestJames.addDomainsAndUsers(server, ALICE, BOB);
        try (GnuPG alicesTool = new GnuPG(gnupgHomes.resolve("alice"))) {
            String armored = alicesTool.exportArmored(alicesTool.generateEd25519("Alice <" + ALICE + ">"));
            publishedKeyBytes = PublicKeyArmor.keyBytes(armored);
            KAuth kAuth = KAuth.generate();
            TestMessages message = TestMessages.message(ALICE, "keys@" + DOMAIN, "Key publication")
                .withHeader(LogProofAnswers.VERSION_HEADER, "2")
                .withBody(armored.stripTrailing() + "\n" + kAuth.toBase64() + "\n");
            try (SmtpSession session = SmtpSession.startTls(PORTS.submission).authenticate(ALICE,
                TestJames.PASSWORD)) {
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
        oracle = GoOracle.build(oracleFolder.resolve("oracle"));
    }

    @Test
    void theConfirmationShouldProveTheNewEntryAndTeachTheOwnerHerLabel() throws Exception {
        LogEntry entry = verifiedEntry(confirmationBlock, ALICE);
        assertThat(entry.change()).isEqualTo(LogEntry.Change.PUBLISHED);
    }

    @Test
    void aVersion2KeyAnswerShouldCarryTheProofOfTheEntryThatHoldsTheKey() throws Exception {
        KAuth kAuth = KAuth.generate();
        String body = body(retrieveWithVersion2(ALICE, kAuth));

        byte[] keyBytes = PublicKeyArmor.keyBytes(body.substring(0, endOfKey(body)));
        String block = keyAnswerBlock(body);
        String mac = body.substring(endOfKey(body) + block.length()).trim();
        assertThat(mac).isEqualTo(kAuth.macOver(LogProofAnswers.macInput(keyBytes, block)).toBase64());
        LogEntry entry = verifiedEntry(block, ALICE);
        byte[] served = sha256(keyBytes);
        assertThat(entry.keyDigest()).hasValueSatisfying(digest -> assertThat(digest).isEqualTo(served));
    }

    @Test
    void goShouldAcceptTheServedTilesAndTheProofsOfTheConfirmationAKeyAnswerAndANotFound() throws Exception {
        // the harness's GoOracle: Go's sumdb/note and sumdb/tlog (C2SP) and an RFC 9381 ECVRF verifier in Go, proven
        // on RFC 9381 Appendix B.1 at every run: implementations that share no code with the server's
        String found = keyAnswerBlock(body(retrieveWithVersion2(ALICE, KAuth.generate())));
        String nobody = "nobody@" + DOMAIN;
        String notFound = notFoundBlock(body(retrieveWithVersion2(nobody, KAuth.generate())), nobody);
        Path log = copyOfTheServedLog(oracleFolder.resolve("log"));
        String vrfKey = servedKeys().split("\n")[1].substring("vrf ".length());
        StringBuilder proofs = new StringBuilder();
        Map<String, String> blocks = Map.of(ALICE + " confirmation", confirmationBlock, ALICE + " found", found,
            nobody + " not-found", notFound);
        for (Map.Entry<String, String> block : blocks.entrySet()) {
            String[] addressAndName = block.getKey().split(" ");
            String[] lines = block.getValue().split("\n", 3);
            Files.writeString(log.resolve("block-" + addressAndName[1]), block.getValue());
            proofs.append("block ").append(addressAndName[0]).append(" block-").append(addressAndName[1]).append('\n');
            boolean withEntry = lines[2].startsWith("c2sp.org/tlog-proof@v1\n");
            if (withEntry) {
                Files.writeString(log.resolve("proof-" + addressAndName[1]), lines[2]);
                proofs.append("tlog-proof proof-").append(addressAndName[1]).append('\n');
            }
            // the served pi, the served key, and (key found, confirmation) the label of the proven entry
            proofs.append("vrf ").append(vrfKey).append(' ').append(addressAndName[0]).append(' ')
                .append(lines[1].substring("vrf ".length())).append(' ')
                .append(withEntry ? labelOfTheProvenEntry(lines[2]) : "-").append('\n');
        }
        Files.writeString(log.resolve("proofs"), proofs.toString());

        String output = oracle.checkLog(log, logKeys().origin());
        LoggerFactory.getLogger(KeyLogAnswersTest.class).info("The Go oracle says:\n{}", output);

        String aliceLabel = labelOfTheProvenEntry(confirmationBlock.split("\n", 3)[2]);
        assertThat(output).contains("OK rfc9381 B.1 example 10", "OK rfc9381 B.1 example 11",
            "OK rfc9381 B.1 example 12", "OK checkpoint", "OK tiles and entries", "OK tlog-proof",
            "OK vrf " + ALICE + " " + aliceLabel, "OK vrf " + nobody + " ",
            "OK block " + ALICE + " entry " + aliceLabel, "OK block " + nobody + " checkpoint ");
        assertThat(output.lines().filter(line -> line.startsWith("OK block " + ALICE + " entry "))).hasSize(2);
        assertThat(output.lines().filter(line -> line.startsWith("OK vrf " + ALICE + " "))).hasSize(2);
        // two tlog-proof lines, and the two blocks with an entry check their tlog-proof too
        assertThat(output.lines().filter(line -> line.startsWith("OK tlog-proof "))).hasSize(4);
    }

    @Test
    void goShouldRefuseTheServedVrfProofWithAFlippedBitOrForAnotherAddress() throws Exception {
        String vrfKey = servedKeys().split("\n")[1].substring("vrf ".length());
        String[] lines = confirmationBlock.split("\n", 3);
        byte[] pi = Base64.getDecoder().decode(lines[1].substring("vrf ".length()));
        String label = labelOfTheProvenEntry(lines[2]);
        Path folder = Files.createDirectories(oracleFolder.resolve("vrf"));
        Path good = Files.writeString(folder.resolve("good"), vrfLine(vrfKey, ALICE, pi, label));
        assertThat(oracle.checkVrf(good)).contains("OK vrf " + ALICE + " " + label);

        byte[] flipped = pi.clone();
        flipped[40] ^= 0x10;
        Path flippedBit = Files.writeString(folder.resolve("flipped"), vrfLine(vrfKey, ALICE, flipped, label));
        assertThatThrownBy(() -> oracle.checkVrf(flippedBit)).hasMessageContaining("FAIL vrf " + ALICE);
        Path otherAddress = Files.writeString(folder.resolve("other"), vrfLine(vrfKey, BOB, pi, label));
        assertThatThrownBy(() -> oracle.checkVrf(otherAddress)).hasMessageContaining("FAIL vrf " + BOB);
    }

    @Test
    void aVersion2NotFoundShouldCarryTheVrfProofAndTheLatestCheckpoint() throws Exception {
        KAuth kAuth = KAuth.generate();
        String nobody = "nobody@" + DOMAIN;
        String body = body(retrieveWithVersion2(nobody, kAuth));

        String statusLine = "NOT-FOUND " + nobody;
        assertThat(body).startsWith(statusLine + "\n" + LogProofAnswers.BLOCK_HEADER + "\n");
        String block = notFoundBlock(body, nobody);
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

    private static ReceivedMail retrieveWithVersion2(String address, KAuth kAuth) throws Exception {
        TestMessages message = TestMessages.message(BOB, "keys@" + DOMAIN, "Key request")
            .withHeader(LogProofAnswers.VERSION_HEADER, "2")
            .withBody(new RequestWriter().retrieval(address, kAuth));
        CLIENT.sendAnonymously(BOB, "keys@" + DOMAIN, message);
        return Mailbox.imaps(PORTS.imaps, BOB).awaitReplyTo(message.messageId());
    }

    private static int endOfKey(String keyAnswerBody) {
        String end = "-----END PGP PUBLIC KEY BLOCK-----\n";
        return keyAnswerBody.indexOf(end) + end.length();
    }

    /** The proof block of a key answer: after the armored key, up to the MAC line. */
    private static String keyAnswerBlock(String body) {
        String rest = body.substring(endOfKey(body));
        return rest.substring(0, rest.lastIndexOf('\n', rest.length() - 2) + 1);
    }

    /** The proof block of a NOT-FOUND answer: after its status line, up to the MAC line. */
    private static String notFoundBlock(String body, String address) {
        int start = ("NOT-FOUND " + address).length() + 1;
        return body.substring(start, body.lastIndexOf('\n', body.length() - 2) + 1);
    }

    /** The label line's value of the entry that a tlog-proof's {@code extra} holds (docs/PROTOCOL.md 12.1). */
    private static String labelOfTheProvenEntry(String tlogProof) {
        String extra = tlogProof.split("\n")[1];
        assertThat(extra).startsWith("extra ");
        String entry = new String(Base64.getDecoder().decode(extra.substring("extra ".length())),
            StandardCharsets.UTF_8);
        return entry.lines().filter(line -> line.startsWith("label ")).findFirst().orElseThrow()
            .substring("label ".length());
    }

    private static String vrfLine(String vrfKey, String address, byte[] pi, String label) {
        return "vrf " + vrfKey + " " + address + " " + Base64.getEncoder().encodeToString(pi) + " " + label + "\n";
    }

    /** The log's files as its file store keeps them for a plain web server (docs/PROTOCOL.md 12.2), copied. */
    private static Path copyOfTheServedLog(Path log) throws Exception {
        Path served = root.resolve("var/mailkeys/log/public");
        try (Stream<Path> files = Files.walk(served)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = log.resolve(served.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else if (!file.getFileName().toString().startsWith(".")) {
                    Files.copy(file, copy);
                }
            }
        }
        Files.writeString(log.resolve("keys"), servedKeys());
        return log;
    }

    /**
     * The log's public keys as James serves them (WebAdmin's {@code GET /mailkeys/log}), in the form of the WKD
     * listener's {@code keys}, which serves {@link LogKeys#publicKeys()}.
     */
    private static String servedKeys() throws Exception {
        JsonNode log = new ObjectMapper().readTree(new WebAdmin(PORTS.webAdmin).get("/mailkeys/log").body());
        String keys = "vkey " + log.get("vkey").asText() + "\nvrf " + log.get("vrf").asText() + "\n";
        assertThat(keys).isEqualTo(logKeys().publicKeys());
        return keys;
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
