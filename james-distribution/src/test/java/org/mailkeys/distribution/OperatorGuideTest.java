package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.distribution.testjames.StockJames;
import org.mailkeys.distribution.testjames.TestJames;
import org.mailkeys.testing.Command;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.PublicKeyArmor;
import org.mailkeys.testing.KeyFixtures;
import org.mailkeys.testing.Mailbox;
import org.mailkeys.testing.SmtpSession;
import org.mailkeys.testing.WebAdmin;

/**
 * The operator guide, executed: James' stock 3.8.1 memory distribution (the zip from Maven Central, its lib folder
 * rebuilt from the resolved James dependencies), the guide's one step, {@code conf/install-mailkeys.sh}, and nothing
 * else of MailKeys; then James started as its distribution starts it, and a key published over submission and
 * retrieved over STARTTLS on the MX listener. The test itself only moves the listeners to free loopback ports, turns
 * off what it does not use (JMX, JMAP) and keeps the log in the server's folder.
 */
class OperatorGuideTest {
    static final Path STOCK_ZIP = Paths.get("target/stock-james/james-server-memory-app.zip").toAbsolutePath();
    static final Path INSTALL_SCRIPT = Paths.get("../conf/install-mailkeys.sh").toAbsolutePath();
    /** The complete files the project ships in conf/ beside the snippets (bin/mailkeys-server and the tests use them). */
    static final Path SHIPPED_CONF = Paths.get("../conf").toAbsolutePath();
    static final Path SERVER_CLASS_PATH = Paths.get("target/server-classpath.txt").toAbsolutePath();
    static final String JAR_NAME = "james-server-memory-app.jar";
    static final String ALICE = "alice@example.net";
    static final String BOB = "bob@example.net";

    @TempDir
    Path folder;
    private StockJames james;

    @AfterEach
    void stopJames() {
        if (james != null) {
            james.close();
        }
    }

    @Test
    void theShippedCompleteFilesShouldBeTheStockOnesPlusTheSnippets() throws Exception {
        Path home = unpackStockJames();

        Run install = install(home);

        assertThat(install.exitCode).as(install.output).isZero();
        for (String name : List.of("mailetcontainer.xml", "extensions.properties")) {
            assertThat(home.resolve("conf").resolve(name)).as(name + ": run conf/install-mailkeys.sh on a stock James"
                + " and copy its result to conf/").hasSameTextualContentAs(SHIPPED_CONF.resolve(name));
        }
    }

    @Test
    void installingTwiceShouldChangeNothingTheSecondTime() throws Exception {
        Path home = unpackStockJames();
        install(home);
        Map<String, String> once = confFiles(home);

        Run again = install(home);

        assertThat(again.exitCode).as(again.output).isZero();
        assertThat(confFiles(home)).isEqualTo(once);
    }

    @Test
    void installingShouldKeepEveryFilesModeAndGiveTheKeystoreAPasswordOfItsOwn() throws Exception {
        // issue 18 item 6: a smtpserver.xml made owner-only (it holds the keystore secret) came out 0644
        Path home = unpackStockJames();
        Path conf = home.resolve("conf");
        Map<String, String> modes = Map.of("smtpserver.xml", "rw-------", "imapserver.xml", "rw-r-----",
            "mailetcontainer.xml", "rw-------", "extensions.properties", "rw-------", "webadmin.properties", "rw-r-----",
            "pop3server.xml", "rw-------", "managesieveserver.xml", "rw-------");
        for (Map.Entry<String, String> mode : modes.entrySet()) {
            Files.setPosixFilePermissions(conf.resolve(mode.getKey()), PosixFilePermissions.fromString(mode.getValue()));
        }
        String stockSecret = secretOf(conf.resolve("smtpserver.xml"));

        Run install = install(home);

        assertThat(install.exitCode).as(install.output).isZero();
        for (Map.Entry<String, String> mode : modes.entrySet()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(conf.resolve(mode.getKey()))))
                .as(mode.getKey()).isEqualTo(mode.getValue());
        }
        String secret = secretOf(conf.resolve("smtpserver.xml"));
        assertThat(secret).isNotEqualTo(stockSecret).hasSize(32);
        for (String file : List.of("imapserver.xml", "pop3server.xml", "managesieveserver.xml")) {
            assertThat(secretOf(conf.resolve(file))).as(file).isEqualTo(secret);
        }
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(conf.resolve("keystore"))) {
            keystore.load(in, secret.toCharArray());
        }
        assertThat(keystore.isKeyEntry("james")).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(conf.resolve("keystore")))).isEqualTo("rw-------");
    }

    @Test
    void theMxShouldTakeNoPasswordWhateverItsAuthBlockSaid() throws Exception {
        // issue 18 item 6: only the literal <plainAuthEnabled>true</plainAuthEnabled> was turned off
        String stockLine = "<plainAuthEnabled>true</plainAuthEnabled>";
        Map<String, String> spellings = new java.util.LinkedHashMap<>();
        spellings.put("element missing", "");
        spellings.put("other spacing", "<plainAuthEnabled >  true </plainAuthEnabled >");
        spellings.put("an attribute", "<plainAuthEnabled xml:space=\"preserve\">true</plainAuthEnabled>");
        spellings.put("over three lines", "<plainAuthEnabled>\n                true\n            </plainAuthEnabled>");
        spellings.put("empty element", "<plainAuthEnabled/>");
        spellings.put("no auth block", null);
        for (Map.Entry<String, String> spelling : spellings.entrySet()) {
            Path home = unpackStockJames("stock-" + spellings.keySet().stream().collect(Collectors.toList())
                .indexOf(spelling.getKey()));
            Path smtp = home.resolve("conf/smtpserver.xml");
            String stock = Files.readString(smtp, StandardCharsets.UTF_8);
            String mxBlock = stock.substring(0, stock.indexOf("</smtpserver>"));
            String edited = spelling.getValue() != null ? mxBlock.replace(stockLine, spelling.getValue())
                : mxBlock.replaceFirst("(?s)<auth>.*?</auth>", "");
            assertThat(edited).as(spelling.getKey()).isNotEqualTo(mxBlock);
            Files.writeString(smtp, edited + stock.substring(mxBlock.length()), StandardCharsets.UTF_8);

            Run install = install(home);

            assertThat(install.exitCode).as(spelling.getKey() + ": " + install.output).isZero();
            String installed = Files.readString(smtp, StandardCharsets.UTF_8);
            String installedMx = installed.substring(0, installed.indexOf("</smtpserver>"));
            String withoutComments = installedMx.replaceAll("(?s)<!--.*?-->", "");
            assertThat(withoutComments.split("<plainAuthEnabled", -1)).as(spelling.getKey()).hasSize(2);
            assertThat(withoutComments).as(spelling.getKey()).containsPattern(
                "(?s)<auth>(?:(?!</auth>).)*<plainAuthEnabled>false</plainAuthEnabled>(?:(?!</auth>).)*</auth>");
            javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(smtp.toFile());
        }
    }

    @Test
    void aStockJamesFollowingTheGuideShouldPublishAndServeKeysOverStartTls() throws Exception {
        Path home = unpackStockJames();
        rebuildLibFolder(home);
        Run install = install(home);
        assertThat(install.exitCode).as(install.output).isZero();
        ListenerPorts ports = ListenerPorts.free();
        moveListenersAndQuiet(home, ports);

        james = TestJames.stockDistribution(home, JAR_NAME, ports);
        WebAdmin webAdmin = new WebAdmin(ports.webAdmin);
        assertThat(put(ports.webAdmin, "/domains/example.net", "")).isEqualTo(204);
        for (String user : List.of(ALICE, BOB)) {
            assertThat(put(ports.webAdmin, "/users/" + user, "{\"password\":\"" + TestJames.PASSWORD + "\"}"))
                .isEqualTo(204);
        }
        KeyServiceClient client = new KeyServiceClient(ports);
        String armored = KeyFixtures.text(KeyFixtures.ALICE);

        KeyServiceClient.SentRequest publication = client.publish(ALICE, armored);
        KeyAnswer confirmation = Mailbox.imaps(ports.imaps, ALICE).awaitReplyTo(publication.messageId).answer();
        KeyServiceClient.SentRequest retrieval = client.requestKey(BOB, ALICE);
        KeyAnswer served = Mailbox.imaps(ports.imaps, BOB).awaitReplyTo(retrieval.messageId).answer();

        assertThat(confirmation).isInstanceOf(KeyAnswer.Confirmation.class);
        assertThat(((KeyAnswer.Confirmation) confirmation).verifies(publication.kAuth, PublicKeyArmor.keyBytes(armored)))
            .isTrue();
        assertThat(served).isInstanceOf(KeyAnswer.KeyFound.class);
        assertThat(((KeyAnswer.KeyFound) served).verifies(retrieval.kAuth)).isTrue();
        // the operator's routes and health check came with the same step
        assertThat(webAdmin.get("/mailkeys/keys/" + ALICE).body()).contains(KeyFixtures.ALICE_FINGERPRINT);
        assertThat(webAdmin.get("/healthcheck/checks/MailKeys%20key%20store").statusCode()).isEqualTo(200);
        // the password that works on submission opens nothing on the MX, in clear or after STARTTLS
        try (SmtpSession submission = SmtpSession.startTls(ports.submission);
             SmtpSession mxPlain = SmtpSession.plain(ports.smtpMx);
             SmtpSession mxTls = SmtpSession.startTls(ports.smtpMx)) {
            assertThat(submission.authPlainReply(ALICE, TestJames.PASSWORD)).isEqualTo(235);
            assertThat(mxPlain.authPlainReply(ALICE, TestJames.PASSWORD)).as(mxPlain.lastReply()).isNotEqualTo(235);
            assertThat(mxTls.authPlainReply(ALICE, TestJames.PASSWORD)).as(mxTls.lastReply()).isNotEqualTo(235);
        }
    }

    private static String secretOf(Path file) throws IOException {
        java.util.regex.Matcher secret = java.util.regex.Pattern.compile("\n\\s*<secret>([^<]*)</secret>")
            .matcher(Files.readString(file, StandardCharsets.UTF_8));
        assertThat(secret.find()).as(file.getFileName().toString()).isTrue();
        return secret.group(1);
    }

    private Path unpackStockJames() throws IOException {
        return unpackStockJames("stock");
    }

    private Path unpackStockJames(String name) throws IOException {
        assertThat(STOCK_ZIP).as("copied by the build (dependency:copy, execution stock-james)").exists();
        Path target = folder.resolve(name);
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(STOCK_ZIP))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path file = target.resolve(entry.getName()).normalize();
                if (!file.startsWith(target)) {
                    throw new IOException("Entry outside the folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else {
                    Files.createDirectories(file.getParent());
                    Files.copy(zip, file);
                }
            }
        }
        return target.resolve("james-server-memory-app");
    }

    /**
     * The zip has no lib folder: link every jar its manifest names to the jar of the same artifact that the build
     * resolved under the james-project BOM (the version can differ where the project pins another one).
     */
    private static void rebuildLibFolder(Path home) throws IOException {
        Map<String, Path> byName = new HashMap<>();
        Map<String, Path> byArtifact = new HashMap<>();
        for (String entry : Files.readString(SERVER_CLASS_PATH, StandardCharsets.UTF_8).trim().split(":")) {
            Path jar = Paths.get(entry);
            byName.put(jar.getFileName().toString(), jar);
            byArtifact.put(artifactOf(jar.getFileName().toString()), jar);
        }
        String classPath;
        try (JarFile jar = new JarFile(home.resolve(JAR_NAME).toFile())) {
            classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
        }
        List<String> missing = new ArrayList<>();
        for (String entry : classPath.trim().split("\\s+")) {
            Path link = home.resolve(entry);
            String name = link.getFileName().toString();
            Optional<Path> jar = Optional.ofNullable(byName.get(name)).or(() -> Optional.ofNullable(byArtifact.get(artifactOf(name))));
            if (jar.isEmpty()) {
                missing.add(name);
                continue;
            }
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, jar.get());
        }
        // test helpers the memory app's pom lists at compile scope; the server never loads them
        assertThat(missing).as("manifest entries without a resolved jar").allMatch(
            name -> name.startsWith("awaitility-") || name.startsWith("hamcrest-"));
    }

    private static String artifactOf(String jarName) {
        return jarName.replaceFirst("-\\d.*$", "");
    }

    private Run install(Path home) throws IOException, InterruptedException {
        Path extensionJar;
        try (Stream<Path> jars = Files.list(Paths.get("target/extensions-jars"))) {
            extensionJar = jars.filter(jar -> jar.getFileName().toString().startsWith("mailkeys-extension"))
                .findFirst().orElseThrow(() -> new IllegalStateException("no extension jar in target/extensions-jars"));
        }
        return run(home, List.of("sh", INSTALL_SCRIPT.toString(), home.toString(), extensionJar.toAbsolutePath().toString()),
            Map.of("MAILKEYS_TLS_NAME", "localhost"));
    }

    /** Test only: free ports on loopback instead of the well-known ones, no JMX nor JMAP, the log in the folder. */
    private static void moveListenersAndQuiet(Path home, ListenerPorts ports) throws IOException {
        Path conf = home.resolve("conf");
        replace(conf.resolve("smtpserver.xml"), Map.of("0.0.0.0:25<", "127.0.0.1:" + ports.smtpMx + "<",
            "0.0.0.0:465<", "127.0.0.1:" + ports.submissions + "<", "0.0.0.0:587<", "127.0.0.1:" + ports.submission + "<"));
        replace(conf.resolve("imapserver.xml"), Map.of("0.0.0.0:143<", "127.0.0.1:" + ports.imap + "<",
            "0.0.0.0:993<", "127.0.0.1:" + ports.imaps + "<"));
        replace(conf.resolve("webadmin.properties"), Map.of("port=8000", "port=" + ports.webAdmin,
            "host=localhost", "host=127.0.0.1"));
        replace(conf.resolve("jmx.properties"), Map.of("jmx.enabled=true", "jmx.enabled=false"));
        replace(conf.resolve("jmap.properties"), Map.of("enabled=true", "enabled=false"));
        replace(conf.resolve("logback.xml"), Map.of("/logs/", "logs/"));
    }

    private static void replace(Path file, Map<String, String> replacements) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> replacement : replacements.entrySet()) {
            assertThat(text).as(file.getFileName().toString()).contains(replacement.getKey());
            text = text.replace(replacement.getKey(), replacement.getValue());
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static int put(int port, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30));
        request = json.isEmpty() ? request.PUT(HttpRequest.BodyPublishers.noBody())
            : request.header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static Map<String, String> confFiles(Path home) throws IOException {
        Map<String, String> files = new HashMap<>();
        try (Stream<Path> conf = Files.list(home.resolve("conf"))) {
            for (Path file : conf.collect(Collectors.toList())) {
                files.put(file.getFileName().toString(), Arrays.toString(Files.readAllBytes(file)));
            }
        }
        return files;
    }

    private static final class Run {
        final int exitCode;
        final String output;

        Run(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }
    }

    private static Run run(Path directory, List<String> command, Map<String, String> environment)
        throws IOException, InterruptedException {
        Command.Finished finished = Command.of(command).in(directory).env(environment).mergeErrors()
            .run(Duration.ofSeconds(120));
        return new Run(finished.exitCode(), finished.output());
    }
}
