package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.protocol.PublicKeys;
import org.mailkeys.store.WebKeyHash;
import org.mailkeys.testing.Dnsmasq;
import org.mailkeys.testing.GnuPG;
import org.mailkeys.testing.Mailbox;
import org.mailkeys.testing.ReceivedMail;
import org.mailkeys.transparency.EntryBundle;
import org.mailkeys.transparency.LogEntry;
import org.mailkeys.transparency.LogKeys;
import org.mailkeys.distribution.testjames.TestJames;

/**
 * Issue 20, the forged cases through a real James (docs/PROTOCOL.md 13): the provider is the adversary. It changes
 * its own files while James is stopped (a stored key swapped behind the log's back, an entry rewritten, the log
 * folder restored from an earlier copy), or runs two logs under the same keys; the real {@code mailkeys} command
 * line, run as a user runs it, must call each answer {@code TAMPERED} (exit 7) and import nothing into GnuPG. The
 * owner's agent must report the operator's deletion of her key through WebAdmin, and {@code --require transparency}
 * must refuse a version-1 answer that is otherwise used.
 *
 * <p>The log's checkpoint and tiles are fetched over HTTPS from {@code openpgpkey.example.net}, which the test's
 * dnsmasq names 127.0.0.1; the client is pointed at that DNS server ({@code --resolver}) and at the Web Key Directory
 * listener's port ({@code --log-port}). Every provider of example.net here signs with the same log keys, an
 * operator's own ({@code log.keys.file}), which the client is given with {@code --log-keys}.
 */
class ForgedLogAnswersTest {
    private static final String DOMAIN = TestJames.DOMAIN;
    private static final String BOB = "bob@" + TestJames.REQUESTER_DOMAIN;
    private static final String PASSWORD_VARIABLE = "MAILKEYS_TEST_PASSWORD";
    /** A tampered answer does not settle a request: the client waits this long for a genuine one, then says TAMPERED. */
    private static final int TAMPERED_TIMEOUT_SECONDS = 20;
    private static final int ANSWER_TIMEOUT_SECONDS = 120;
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @TempDir
    static Path folder;
    private static Dnsmasq dns;
    private static Path keystore;
    private static Path trustStore;
    /** The operator's log keys (mailkeys-log-keys v1), for log.keys.file. */
    private static Path operatorLogKeys;
    /** Their public half, as the listener serves it, for --log-keys. */
    private static Path publicLogKeys;
    /** example.net's provider, shared by the tests that do not need one of their own. */
    private static LogProvider provider;

    @BeforeAll
    static void start() throws Exception {
        dns = Dnsmasq.start(List.of(DOMAIN), List.of("--host-record=openpgpkey." + DOMAIN + ",127.0.0.1"));
        Path keystoreRoot = folder.resolve("keystore");
        RuntimeKeystore.createIfMissing(keystoreRoot, List.of("openpgpkey." + DOMAIN));
        keystore = keystoreRoot.resolve(RuntimeKeystore.RELATIVE_PATH);
        trustStore = Files.writeString(folder.resolve("james-certificate.pem"), RuntimeKeystore.certificatePem(keystoreRoot),
            StandardCharsets.US_ASCII);
        LogKeys keys = LogKeys.generate(DOMAIN + "/mailkeys-log", new SecureRandom());
        operatorLogKeys = Files.write(folder.resolve("operator-log-keys"), keys.encode());
        publicLogKeys = Files.writeString(folder.resolve("log-keys"), keys.publicKeys(), StandardCharsets.US_ASCII);
        provider = provider("example.net-provider");
        provider.use();
    }

    @AfterAll
    static void stop() {
        LogProvider.stopRunning();
        if (dns != null) {
            dns.close();
        }
    }

    /** A provider of example.net whose log signs with the operator's keys, and that hosts bob and these users. */
    private static LogProvider provider(String name, String... logProperties) {
        List<String> properties = new ArrayList<>(List.of(logProperties));
        if (properties.stream().noneMatch(line -> line.startsWith("log.enabled=false"))) {
            properties.add("log.keys.file=" + operatorLogKeys);
        }
        return new LogProvider(folder.resolve(name), keystore, List.of(BOB, "alice@" + DOMAIN, "carol@" + DOMAIN,
            "dave@" + DOMAIN, "erin@" + DOMAIN, "frank@" + DOMAIN, "grace@" + DOMAIN, "heidi@" + DOMAIN),
            properties.toArray(new String[0]));
    }

    /** The options every command of a user takes with this provider: its ports, its certificate, the test's DNS. */
    private static List<String> common(LogProvider at, String account, String stateFolder, int timeoutSeconds,
                                       boolean logKeys) {
        List<String> options = new ArrayList<>(List.of("--account", account, "--password-env", PASSWORD_VARIABLE,
            "--trust-store", trustStore.toString(),
            "--submission", "localhost:" + at.ports().submission, "--imap", "localhost:" + at.ports().imap,
            "--mx", "localhost", "--mx-port", Integer.toString(at.ports().smtpMx),
            "--resolver", dns.hostAddress() + ":" + dns.port(), "--log-port", Integer.toString(at.wkdPort()),
            "--state-dir", folder.resolve(stateFolder).toString(), "--timeout", Integer.toString(timeoutSeconds)));
        if (logKeys) {
            options.addAll(List.of("--log-keys", publicLogKeys.toString()));
        }
        return options;
    }

    private static MailKeysCommandLine user(LogProvider at, String account, String stateFolder, int timeoutSeconds) {
        return new MailKeysCommandLine(common(at, account, stateFolder, timeoutSeconds, true),
            Map.of(PASSWORD_VARIABLE, TestJames.PASSWORD));
    }

    private static GnuPG gnuPg(String name) throws IOException {
        return new GnuPG(Files.createTempDirectory(folder, name));
    }

    /** {@code mailkeys publish --gpg} of a new key of the account, through the provider; returns the fingerprint. */
    private static String publish(LogProvider at, GnuPG gpg, String account) throws Exception {
        String fingerprint = gpg.generateEd25519(account.substring(0, 1).toUpperCase() + " <" + account + ">");
        // a state folder per account and provider: each provider of these tests has a log of its own
        MailKeysCommandLine.Run published = user(at, account, account + "-" + at.root().getFileName() + "-state",
            ANSWER_TIMEOUT_SECONDS)
            .run("publish", List.of("--gpg"), Map.of("GNUPGHOME", gpg.home().toString()));
        assertThat(published.exitCode).as(published.toString()).isEqualTo(0);
        assertThat(published.out).contains("PUBLISHED").contains("transparency: verified");
        return fingerprint;
    }

    private static MailKeysCommandLine.Run lookup(LogProvider at, String stateFolder, int timeoutSeconds, GnuPG gpg,
                                                  String... arguments) throws Exception {
        return user(at, BOB, stateFolder, timeoutSeconds).run("lookup", List.of(arguments),
            Map.of("GNUPGHOME", gpg.home().toString()));
    }

    /**
     * (a) The provider serves a key that is not in its log and rewrites the log's entry so that the proof claims it:
     * the entry's key hash matches the key, but the log's hash tiles and signed root still hold the old entry, so the
     * inclusion proof fails.
     */
    @Test
    void aKeyThatIsNotInTheLogShouldBeTamperedEvenWithAnEntryRewrittenToClaimIt() throws Exception {
        String carol = "carol@" + DOMAIN;
        // a provider of its own: the rewritten entry stays in its log, which every later reader would see
        LogProvider forging = provider("example.net-forging");
        try (GnuPG carolGpg = gnuPg("carol-gpg"); GnuPG forger = gnuPg("forger-gpg"); GnuPG bobGpg = gnuPg("bob-gpg")) {
            forging.use();
            publish(forging, carolGpg, carol);
            forger.generateEd25519("Carol <" + carol + ">");
            byte[] forged = forger.exportBinary(forger.fingerprints().get(0));

            forging.changeWhileStopped(() -> {
                long version = swapStoredKey(forging, carol, forged);
                rewriteEntryDigest(forging, carol, version, sha256(forged));
            });
            MailKeysCommandLine.Run lookup = lookup(forging, "bob-forged-entry-state", TAMPERED_TIMEOUT_SECONDS, bobGpg,
                "--import", carol);

            assertThat(lookup.exitCode).as(lookup.toString()).isEqualTo(7);
            assertThat(lookup.out).contains("TAMPERED").contains("does not lead to the checkpoint's root");
            assertThat(bobGpg.fingerprints()).isEmpty();
            assertTheAnswerIsKeptInTheInbox(forging, forged);
        } finally {
            forging.stop();
        }
    }

    /** (b) The provider swaps the stored key bytes behind the log's back: the proof it sends is of the other key's entry. */
    @Test
    void aKeySwappedBehindTheLogsBackShouldBeTamperedAsAnEntryForAnotherKey() throws Exception {
        String dave = "dave@" + DOMAIN;
        try (GnuPG daveGpg = gnuPg("dave-gpg"); GnuPG forger = gnuPg("forger-gpg"); GnuPG bobGpg = gnuPg("bob-gpg")) {
            provider.use();
            publish(provider, daveGpg, dave);
            forger.generateEd25519("Dave <" + dave + ">");
            byte[] forged = forger.exportBinary(forger.fingerprints().get(0));

            provider.changeWhileStopped(() -> swapStoredKey(provider, dave, forged));
            MailKeysCommandLine.Run lookup = lookup(provider, "bob-swapped-state", TAMPERED_TIMEOUT_SECONDS, bobGpg,
                "--import", dave);

            assertThat(lookup.exitCode).as(lookup.toString()).isEqualTo(7);
            assertThat(lookup.out).contains("TAMPERED").contains("the log entry is for another key");
            assertThat(bobGpg.fingerprints()).isEmpty();
            assertTheAnswerIsKeptInTheInbox(provider, forged);
        }
    }

    /**
     * (c) Two logs under the same keys: a second James, given the operator's log.keys.file too, holds other entries.
     * Bob sees that one first, then the usual one: a fork, both checkpoints kept.
     */
    @Test
    void aForkedLogShouldBeTamperedAndBothCheckpointsKept() throws Exception {
        String erin = "erin@" + DOMAIN;
        String state = "bob-fork-state";
        LogProvider twin = provider("example.net-twin");
        try (GnuPG erinGpg = gnuPg("erin-gpg"); GnuPG erinTwinGpg = gnuPg("erin-twin-gpg"); GnuPG bobGpg = gnuPg("bob-gpg")) {
            provider.use();
            publish(provider, erinGpg, erin);
            twin.use();
            publish(twin, erinTwinGpg, erin);
            MailKeysCommandLine.Run first = lookup(twin, state, ANSWER_TIMEOUT_SECONDS, bobGpg, erin);
            assertThat(first.exitCode).as(first.toString()).isEqualTo(0);
            assertThat(first.out).contains("KEY-FOUND").contains("transparency: verified");
            String twinCheckpoint = checkpoint(twin);

            provider.use();
            MailKeysCommandLine.Run second = lookup(provider, state, TAMPERED_TIMEOUT_SECONDS, bobGpg, "--import", erin);

            assertThat(second.exitCode).as(second.toString()).isEqualTo(7);
            assertThat(second.out).contains("TAMPERED").contains("a fork");
            assertThat(bobGpg.fingerprints()).isEmpty();
            Path evidence = onlyEvidence(state);
            assertThat(Files.readString(evidence.resolve("seen-before.checkpoint"), StandardCharsets.UTF_8))
                .isEqualTo(twinCheckpoint);
            assertThat(Files.readString(evidence.resolve("presented.checkpoint"), StandardCharsets.UTF_8))
                .isEqualTo(checkpoint(provider));
            assertThat(Files.readString(evidence.resolve("reason"), StandardCharsets.UTF_8)).contains("fork");
        } finally {
            twin.stop();
        }
    }

    /**
     * (d) The operator restores the log folder of the file store from an earlier copy, James stopped: the checkpoint
     * shrinks below the one Bob saw, and the tiles of the larger size are gone.
     */
    @Test
    void aShrunkLogShouldBeTamperedAndBothCheckpointsKept() throws Exception {
        String frank = "frank@" + DOMAIN;
        String state = "bob-shrink-state";
        LogProvider restored = provider("example.net-restored");
        Path copy = folder.resolve("log-copy");
        try (GnuPG frankGpg = gnuPg("frank-gpg"); GnuPG graceGpg = gnuPg("grace-gpg"); GnuPG bobGpg = gnuPg("bob-gpg")) {
            restored.use();
            publish(restored, frankGpg, frank);
            restored.changeWhileStopped(() -> copyFolder(restored.logFolder(), copy));
            String earlier = checkpoint(restored);
            publish(restored, graceGpg, "grace@" + DOMAIN);
            String seen = checkpoint(restored);
            MailKeysCommandLine.Run first = lookup(restored, state, ANSWER_TIMEOUT_SECONDS, bobGpg, frank);
            assertThat(first.exitCode).as(first.toString()).isEqualTo(0);
            assertThat(first.out).contains("transparency: verified").contains("at size " + size(seen));

            restored.changeWhileStopped(() -> {
                deleteFolder(restored.logFolder());
                copyFolder(copy, restored.logFolder());
            });
            MailKeysCommandLine.Run second = lookup(restored, state, TAMPERED_TIMEOUT_SECONDS, bobGpg, "--import", frank);

            assertThat(second.exitCode).as(second.toString()).isEqualTo(7);
            assertThat(second.out).contains("TAMPERED").contains("the log shrank from size " + size(seen) + " to "
                + size(earlier));
            assertThat(bobGpg.fingerprints()).isEmpty();
            Path evidence = onlyEvidence(state);
            assertThat(Files.readString(evidence.resolve("seen-before.checkpoint"), StandardCharsets.UTF_8)).isEqualTo(seen);
            assertThat(Files.readString(evidence.resolve("presented.checkpoint"), StandardCharsets.UTF_8)).isEqualTo(earlier);
        } finally {
            restored.stop();
        }
    }

    /**
     * (e) A provider without a log answers version 1: used as not-offered, refused under --require transparency,
     * and refused as a downgrade by a client that has pinned the domain's log keys before (docs/PROTOCOL.md 13.2).
     */
    @Test
    void aVersion1AnswerShouldBeUsedAsNotOfferedAndRefusedUnderRequireTransparency() throws Exception {
        String heidi = "heidi@" + DOMAIN;
        LogProvider version1 = provider("example.net-version1", "log.enabled=false");
        try (GnuPG heidiGpg = gnuPg("heidi-gpg"); GnuPG usedGpg = gnuPg("bob-used-gpg"); GnuPG refusedGpg = gnuPg("bob-refused-gpg");
             GnuPG pinnedGpg = gnuPg("bob-pinned-gpg")) {
            // a client that once looked up an address of example.net with its log keys has them pinned
            provider.use();
            MailKeysCommandLine.Run pinning = user(provider, BOB, "bob-pinned-state", ANSWER_TIMEOUT_SECONDS)
                .run("lookup", List.of("nobody-" + System.nanoTime() + "@" + DOMAIN), Map.of());
            assertThat(pinning.out).as(pinning.toString()).contains("transparency: verified");
            version1.use();
            String fingerprint = heidiGpg.generateEd25519("Heidi <" + heidi + ">");
            MailKeysCommandLine.Run published = new MailKeysCommandLine(common(version1, heidi, "heidi-state",
                ANSWER_TIMEOUT_SECONDS, false), Map.of(PASSWORD_VARIABLE, TestJames.PASSWORD))
                .run("publish", List.of("--gpg"), Map.of("GNUPGHOME", heidiGpg.home().toString()));
            assertThat(published.exitCode).as(published.toString()).isEqualTo(0);
            MailKeysCommandLine bob = new MailKeysCommandLine(common(version1, BOB, "bob-version1-state",
                ANSWER_TIMEOUT_SECONDS, false), Map.of(PASSWORD_VARIABLE, TestJames.PASSWORD));

            MailKeysCommandLine.Run used = bob.run("lookup", List.of("--import", heidi),
                Map.of("GNUPGHOME", usedGpg.home().toString()));
            MailKeysCommandLine.Run refused = bob.run("lookup", List.of("--import", "--json", "--require", "transparency",
                heidi), Map.of("GNUPGHOME", refusedGpg.home().toString()));

            assertThat(used.exitCode).as(used.toString()).isEqualTo(0);
            assertThat(used.out).contains("KEY-FOUND").contains(fingerprint).contains("transparency: not-offered");
            assertThat(usedGpg.fingerprints()).containsExactly(fingerprint);
            assertThat(refused.exitCode).as(refused.toString()).isEqualTo(7);
            assertThat(refused.out).contains("\"result\":\"unverified\"").contains("\"transparency\":\"not-offered\"");
            assertThat(refusedGpg.fingerprints()).isEmpty();

            // refused answers do not settle the request: the client waits out its timeout, a short one here
            MailKeysCommandLine.Run downgraded = new MailKeysCommandLine(common(version1, BOB, "bob-pinned-state",
                TAMPERED_TIMEOUT_SECONDS, false), Map.of(PASSWORD_VARIABLE, TestJames.PASSWORD))
                .run("lookup", List.of("--import", heidi), Map.of("GNUPGHOME", pinnedGpg.home().toString()));
            assertThat(downgraded.exitCode).as(downgraded.toString()).isEqualTo(7);
            assertThat(downgraded.out).contains("TAMPERED").contains("refused as a downgrade");
            assertThat(pinnedGpg.fingerprints()).isEmpty();
        } finally {
            version1.stop();
        }
    }

    /**
     * (f) Alice's agent publishes her key, learns her label from the confirmation and watches the log; the operator
     * deletes her key through WebAdmin; the agent reports it: its log, {@code --on-alert}, {@code agent status}.
     */
    @Test
    void theOwnersAgentShouldReportTheOperatorsDeletionOfHerKey() throws Exception {
        String alice = "alice@" + DOMAIN;
        Path state = folder.resolve("alice-agent-state");
        Path alerted = folder.resolve("alice-alert.txt");
        try (GnuPG aliceGpg = gnuPg("alice-gpg")) {
            provider.use();
            String fingerprint = aliceGpg.generateEd25519("Alice <" + alice + ">");
            List<String> arguments = new ArrayList<>(common(provider, alice, "alice-agent-state", ANSWER_TIMEOUT_SECONDS, true));
            arguments.addAll(List.of("--gpg", "--no-hkp", "--log-watch-interval", "2s",
                "--on-alert", "printf '%s' \"$MAILKEYS_ALERT\" > " + alerted));
            try (AgentProcess agent = AgentProcess.start(arguments, Map.of(PASSWORD_VARIABLE, TestJames.PASSWORD,
                "GNUPGHOME", aliceGpg.home().toString()), folder.resolve("alice-agent.log"))) {
                Awaitility.await().atMost(PATIENCE).untilAsserted(() -> assertThat(agent.log())
                    .contains("the own key " + fingerprint + " is published"));
                // the watch has read the log past her own publication, and found nothing to report
                Awaitility.await().atMost(PATIENCE).untilAsserted(() -> assertThat(watchedSize(state, alice)).isPositive());
                assertThat(agent.log()).doesNotContain("ALERT");

                HttpResponse<String> deleted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + provider.ports().webAdmin + "/mailkeys/keys/" + alice + "?reason=test"))
                    .DELETE().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);

                Awaitility.await().atMost(PATIENCE).untilAsserted(() -> assertThat(alerted).exists());
                Awaitility.await().atMost(PATIENCE).untilAsserted(() -> assertThat(Files.readString(alerted, StandardCharsets.UTF_8))
                    .contains("ALERT key log of " + DOMAIN + " for " + alice).contains("your key was deleted"));
                assertThat(agent.log()).contains("your key was deleted and you did not ask for it");
                MailKeysCommandLine.Run status = AgentProcess.run(List.of("agent", "status", "--account", alice,
                    "--state-dir", state.toString()), Map.of());
                assertThat(status.exitCode).as(status.toString()).isEqualTo(0);
                assertThat(status.out).contains("key log alerts (1)").contains("your key was deleted");
                assertThat(agent.terminate()).isEqualTo(0);
            }
            assertThat(aliceGpg.fingerprints()).containsExactly(fingerprint);
        }
    }

    /** The provider's latest signed checkpoint, as its log folder holds it. */
    private static String checkpoint(LogProvider at) throws IOException {
        return Files.readString(at.logFolder().resolve("public/checkpoint"), StandardCharsets.UTF_8);
    }

    /** The tree size a checkpoint names (its second line). */
    private static long size(String checkpoint) {
        return Long.parseLong(checkpoint.split("\n")[1]);
    }

    /** The size up to which the owner's watch has read the log, from its state file (0 before its first read). */
    private static long watchedSize(Path state, String owner) throws IOException {
        Path watch = state.resolve("log").resolve(DOMAIN).resolve("watch");
        if (!Files.isDirectory(watch)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(watch)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.startsWith("size ")) {
                        return Long.parseLong(line.substring(5).trim());
                    }
                }
            }
        }
        return 0;
    }

    /** The tampered answer stays in Bob's INBOX for him to look at (the client consumes verified answers only). */
    private static void assertTheAnswerIsKeptInTheInbox(LogProvider at, byte[] forgedKey) throws Exception {
        String firstArmorLine = Base64.getEncoder().encodeToString(forgedKey).substring(0, 60);
        List<ReceivedMail> inbox = Mailbox.imaps(at.ports().imaps, BOB).messages();
        assertThat(inbox).as("bob's INBOX").anySatisfy(mail -> assertThat(mail.rawText()).contains(firstArmorLine));
    }

    /** The one evidence folder of the state folder's log of example.net. */
    private static Path onlyEvidence(String stateFolder) throws IOException {
        Path evidence = folder.resolve(stateFolder).resolve("log").resolve(DOMAIN).resolve("evidence");
        try (Stream<Path> cases = Files.list(evidence)) {
            List<Path> all = cases.collect(Collectors.toList());
            assertThat(all).as("evidence folders").hasSize(1);
            return all.get(0);
        }
    }

    // ---- what a provider can do to its own files while James is stopped ----

    /**
     * Rewrites the file store's record of the address (docs: store/file KeyRecord, "MKR2") with other key bytes, its
     * version, request id and fence unchanged, and its Web Key Directory copy: a write that never went through the
     * store, so the log knows nothing of it. Returns the record's version.
     */
    private static long swapStoredKey(LogProvider at, String address, byte[] keyBytes) throws IOException {
        String domain = address.substring(address.indexOf('@') + 1);
        String hash = WebKeyHash.ofAddress(address);
        Path record = at.keyFolder().resolve(domain).resolve("records").resolve(hash);
        byte[] old = Files.readAllBytes(record);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(old, 0, old.length - Long.BYTES));
        assertThat(in.readInt()).as("record format").isEqualTo(0x4d4b5232);
        assertThat(in.readByte()).as("a key, not a tombstone").isEqualTo((byte) 1);
        long version = in.readLong();
        String storedAddress = in.readUTF();
        String requestId = in.readUTF();
        long fence = in.readLong();
        in.readUTF(); // the old fingerprint
        long seconds = in.readLong();
        int nanos = in.readInt();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x4d4b5232);
        out.writeByte(1);
        out.writeLong(version);
        out.writeUTF(storedAddress);
        out.writeUTF(requestId);
        out.writeLong(fence);
        out.writeUTF(PublicKeys.fingerprint(keyBytes).orElseThrow());
        out.writeLong(seconds);
        out.writeInt(nanos);
        out.writeInt(keyBytes.length);
        out.write(keyBytes);
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        out.writeLong(crc.getValue());
        Files.write(record, bytes.toByteArray());
        Files.write(at.keyFolder().resolve(domain).resolve("hu").resolve(hash), keyBytes);
        return version;
    }

    /**
     * Rewrites, in every entry bundle of the log's public folder, the entry of the address at this version so that
     * its key hash is {@code digest}; the hash tiles and the signed checkpoint are left as they are.
     */
    private static void rewriteEntryDigest(LogProvider at, String address, long version, byte[] digest) throws Exception {
        byte[] label = LogKeys.decode(Files.readAllBytes(operatorLogKeys)).orElseThrow().vrf()
            .hash(address.getBytes(StandardCharsets.UTF_8));
        int rewritten = 0;
        List<Path> bundles;
        try (Stream<Path> files = Files.walk(at.logFolder().resolve("public/tile/entries"))) {
            bundles = files.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().startsWith("."))
                .collect(Collectors.toList());
        }
        for (Path bundle : bundles) {
            String name = at.logFolder().resolve("public/tile/entries").relativize(bundle).toString();
            int width = name.contains(".p/") ? Integer.parseInt(name.substring(name.lastIndexOf('/') + 1)) : 256;
            List<byte[]> entries = new ArrayList<>(EntryBundle.decode(Files.readAllBytes(bundle), width));
            for (int i = 0; i < entries.size(); i++) {
                LogEntry entry = LogEntry.parse(entries.get(i)).orElseThrow();
                if (MessageDigest.isEqual(entry.label(), label) && entry.version() == version) {
                    entries.set(i, new LogEntry(label, version, entry.change(), Optional.of(digest),
                        entry.time()).bytes());
                    rewritten++;
                }
            }
            Files.write(bundle, EntryBundle.encode(entries));
        }
        assertThat(rewritten).as("entries of %s rewritten", address).isPositive();
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(file));
                } else {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteFolder(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        }
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
