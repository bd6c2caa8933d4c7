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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.PublicKeyArmor;
import org.mailkeys.testing.KeyFixtures;
import org.mailkeys.testing.Mailbox;
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
    static final String STARTED = "JAMES server started";
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    static final String ALICE = "alice@example.net";
    static final String BOB = "bob@example.net";

    @TempDir
    Path folder;
    private Process james;

    @AfterEach
    void stopJames() throws InterruptedException {
        if (james != null) {
            james.destroy();
            if (!james.waitFor(30, TimeUnit.SECONDS)) {
                james.destroyForcibly();
            }
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
    void aStockJamesFollowingTheGuideShouldPublishAndServeKeysOverStartTls() throws Exception {
        Path home = unpackStockJames();
        rebuildLibFolder(home);
        Run install = install(home);
        assertThat(install.exitCode).as(install.output).isZero();
        ListenerPorts ports = ListenerPorts.free();
        moveListenersAndQuiet(home, ports);

        james = start(home);
        WebAdmin webAdmin = new WebAdmin(ports.webAdmin);
        assertThat(put(ports.webAdmin, "/domains/example.net", "")).isEqualTo(204);
        for (String user : List.of(ALICE, BOB)) {
            assertThat(put(ports.webAdmin, "/users/" + user, "{\"password\":\"" + MailKeysServer.PASSWORD + "\"}"))
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
    }

    private Path unpackStockJames() throws IOException {
        assertThat(STOCK_ZIP).as("copied by the build (dependency:copy, execution stock-james)").exists();
        Path target = folder.resolve("stock");
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

    /** As the stock distribution's README starts it. */
    private static Process start(Path home) throws IOException, InterruptedException {
        Path output = home.resolve("james.out");
        Process process = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m", "-Dworking.directory=.", "-Dlogback.configurationFile=conf/logback.xml", "-jar", JAR_NAME)
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!text(output).contains(STARTED) && !text(home.resolve("logs/james.log")).contains(STARTED)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                process.destroyForcibly();
                throw new IllegalStateException("James did not start:\n" + text(output) + text(home.resolve("logs/james.log")));
            }
            Thread.sleep(250);
        }
        return process;
    }

    private static String text(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
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
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }
}
