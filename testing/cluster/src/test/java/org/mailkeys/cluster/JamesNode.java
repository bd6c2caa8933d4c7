package org.mailkeys.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.net.ssl.X509TrustManager;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.mailkeys.testing.Command;
import org.mailkeys.testing.RunningProgram;
import org.mailkeys.testing.TestTrust;
import org.mailkeys.testing.WebAdmin;

/**
 * One James memory server of the cluster test, installed as an operator would and run as a plain java process: its
 * own working folder with {@code conf/} (templates from {@code /node-conf/} with this node's ports, the project's
 * {@code conf/mailetcontainer.xml}) and the MailKeys extension jar in {@code extensions-jars/}. Its class path is the
 * memory app's without any Cassandra driver: the driver comes from the extension jar.
 */
final class JamesNode implements AutoCloseable {
    static final String KEYSTORE_SECRET = "james72laBalle";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String STARTED = "JAMES server started";
    private static final String SHIPPED_RETRY_DELAY = "<delay>5m</delay>";
    private static final List<String> TEMPLATES = List.of("smtpserver.xml", "imapserver.xml", "pop3server.xml",
        "webadmin.properties", "domainlist.xml", "usersrepository.xml", "mailrepositorystore.xml", "dnsservice.xml",
        "jmx.properties", "logback.xml", "extensions.properties", "mailkeys.properties", "healthcheck.properties");

    private final String name;
    private final Path log;
    private final int mxPort;
    private final int submissionPort;
    private final int imapPort;
    private final int webAdminPort;
    private final int wkdPort;
    private final RunningProgram process;

    private JamesNode(String name, Path log, int mxPort, int submissionPort, int imapPort, int webAdminPort,
                      int wkdPort, RunningProgram process) {
        this.name = name;
        this.log = log;
        this.mxPort = mxPort;
        this.submissionPort = submissionPort;
        this.imapPort = imapPort;
        this.webAdminPort = webAdminPort;
        this.wkdPort = wkdPort;
        this.process = process;
    }

    /**
     * Installs a node in {@code folder}, its key store on the given Cassandra contact points, and starts it.
     *
     * @param retryDelay replaces the shipped 5 minutes between the retries of a request the store could not serve
     */
    static JamesNode start(String name, Path folder, List<String> contactPoints, Duration retryDelay)
        throws IOException {
        int mxPort = freePort();
        int submissionPort = freePort();
        int imapPort = freePort();
        int webAdminPort = freePort();
        int wkdPort = freePort();
        install(folder, Map.of(
            "${NODE}", name,
            "${MX_PORT}", String.valueOf(mxPort),
            "${SUBMISSION_PORT}", String.valueOf(submissionPort),
            "${IMAP_PORT}", String.valueOf(imapPort),
            "${WEBADMIN_PORT}", String.valueOf(webAdminPort),
            "${WKD_PORT}", String.valueOf(wkdPort),
            "${CONTACT_POINTS}", String.join(",", contactPoints),
            // one replica per Cassandra node: lightweight transactions need a majority of the replicas up
            "${REPLICATION_FACTOR}", String.valueOf(contactPoints.size())), retryDelay);

        Path log = Files.createDirectories(folder.resolve("logs")).resolve("james.log");
        RunningProgram process = Command.java(
            "-Xmx512m",
            "-Dworking.directory=" + folder.toAbsolutePath(),
            "-Dlogback.configurationFile=conf/logback.xml",
            "-cp", jamesClassPath(),
            "org.apache.james.MemoryJamesServerMain")
            .in(folder)
            .outputTo(log)
            .start();
        JamesNode node = new JamesNode(name, log, mxPort, submissionPort, imapPort, webAdminPort, wkdPort,
            process);
        try {
            node.awaitStarted();
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    private void awaitStarted() throws IOException {
        try {
            Awaitility.await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(this + " stopped while starting; its log " + log + ":\n" + log());
                }
                return log().contains(STARTED);
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(this + " did not start within " + START_TIMEOUT + "; see " + log, e);
        }
    }

    /** Everything the node logged so far. */
    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    private static void install(Path folder, Map<String, String> values, Duration retryDelay) throws IOException {
        Path conf = Files.createDirectories(folder.resolve("conf"));
        for (String template : TEMPLATES) {
            String text = resource("/node-conf/" + template);
            for (Map.Entry<String, String> value : values.entrySet()) {
                text = text.replace(value.getKey(), value.getValue());
            }
            Files.writeString(conf.resolve(template), text, StandardCharsets.UTF_8);
        }
        // the project's mail processing, as shipped but for the time between retries
        String mailetContainer = Files.readString(projectConf().resolve("mailetcontainer.xml"), StandardCharsets.UTF_8);
        if (!mailetContainer.contains(SHIPPED_RETRY_DELAY)) {
            throw new IllegalStateException("conf/mailetcontainer.xml no longer has " + SHIPPED_RETRY_DELAY
                + ": update the cluster test");
        }
        Files.writeString(conf.resolve("mailetcontainer.xml"), mailetContainer.replace(SHIPPED_RETRY_DELAY,
            "<delay>" + retryDelay.toSeconds() + "s</delay>"), StandardCharsets.UTF_8);
        try (InputStream keystore = JamesNode.class.getResourceAsStream("/keystore")) {
            Files.copy(keystore, conf.resolve("keystore"), StandardCopyOption.REPLACE_EXISTING);
        }
        Path extensions = Files.createDirectories(folder.resolve("extensions-jars"));
        Files.copy(extensionJar(), extensions.resolve("mailkeys-extension.jar"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The extension jar the build copied from the extension module (see this module's pom). */
    static Path extensionJar() {
        Path jar = Paths.get(System.getProperty("mailkeys.extension.directory", "target/extension"))
            .resolve("mailkeys-extension.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No extension jar at " + jar + ": build with mvn -pl cluster -am verify");
        }
        return jar;
    }

    /** The memory app's class path without the Cassandra driver (see this module's pom). */
    static String jamesClassPath() throws IOException {
        return Files.readString(Paths.get(System.getProperty("mailkeys.james.classpath", "target/james-classpath.txt")),
            StandardCharsets.UTF_8).trim();
    }

    private static Path projectConf() {
        return Paths.get(System.getProperty("mailkeys.conf.directory", "../../conf"));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = JamesNode.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("Missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int mxPort() {
        return mxPort;
    }

    int submissionPort() {
        return submissionPort;
    }

    int imapPort() {
        return imapPort;
    }

    /** The node's Web Key Directory, plain HTTP on 127.0.0.1. */
    int wkdPort() {
        return wkdPort;
    }

    /** Checks the nodes' TLS certificate: James' test keystore, which every node uses. */
    static X509TrustManager trust() throws IOException, GeneralSecurityException {
        return TestTrust.keystore("/keystore", "JKS", KEYSTORE_SECRET);
    }

    WebAdmin webAdmin() {
        return new WebAdmin(webAdminPort);
    }

    /** SIGKILL, as a power cut or the kernel's out-of-memory killer would: no shutdown hook runs. */
    void kill() {
        process.kill();
    }

    /** Stops the node as an operator does (SIGTERM), killing it if it does not stop in time. */
    @Override
    public void close() {
        process.stop(Duration.ofSeconds(20));
    }

    @Override
    public String toString() {
        return "James node " + name;
    }
}
