package org.mailkeys.distribution.testjames;

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

import org.mailkeys.testing.TestTrust;

/**
 * One James memory server of a cluster ({@link TestJames#clusterNode}), installed as an operator would and run as a
 * plain java process: its own working folder with {@code conf/} (templates from {@code node-conf/} beside this class
 * with this node's ports, the project's {@code conf/mailetcontainer.xml}) and the MailKeys extension jar in
 * {@code extensions-jars/}. Its class path is the memory app's without any Cassandra driver: the driver comes from the
 * extension jar. The module running it names, in system properties set by its pom, that class path
 * ({@code mailkeys.james.classpath}), the folder of the extension jar ({@code mailkeys.extension.directory}) and the
 * project's conf/ ({@code mailkeys.conf.directory}); see testing/cluster's pom.
 */
public final class JamesNode implements RunningJames {
    static final String KEYSTORE_SECRET = "james72laBalle";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final String SHIPPED_RETRY_DELAY = "<delay>5m</delay>";
    private static final List<String> TEMPLATES = List.of("smtpserver.xml", "imapserver.xml", "pop3server.xml",
        "webadmin.properties", "domainlist.xml", "usersrepository.xml", "mailrepositorystore.xml", "dnsservice.xml",
        "jmx.properties", "logback.xml", "extensions.properties", "mailkeys.properties", "healthcheck.properties");

    private final String name;
    private final JamesJvm jvm;
    private final int mxPort;
    private final int submissionPort;
    private final int imapPort;
    private final int webAdminPort;
    private final int wkdPort;

    private JamesNode(String name, JamesJvm jvm, int mxPort, int submissionPort, int imapPort, int webAdminPort,
                      int wkdPort) {
        this.name = name;
        this.jvm = jvm;
        this.mxPort = mxPort;
        this.submissionPort = submissionPort;
        this.imapPort = imapPort;
        this.webAdminPort = webAdminPort;
        this.wkdPort = wkdPort;
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

        JamesJvm jvm = JamesJvm.start("James node " + name, folder, List.of(
            "-Xmx512m",
            "-Dworking.directory=" + folder.toAbsolutePath(),
            "-Dlogback.configurationFile=conf/logback.xml",
            "-cp", jamesClassPath(),
            "org.apache.james.MemoryJamesServerMain"), List.of(folder.resolve("logs").resolve("james.log")));
        return new JamesNode(name, jvm, mxPort, submissionPort, imapPort, webAdminPort, wkdPort);
    }

    /** Everything the node logged so far. */
    @Override
    public String log() throws IOException {
        return jvm.log();
    }

    private static void install(Path folder, Map<String, String> values, Duration retryDelay) throws IOException {
        Path conf = Files.createDirectories(folder.resolve("conf"));
        for (String template : TEMPLATES) {
            String text = resource("node-conf/" + template);
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
    public static Path extensionJar() {
        Path jar = Paths.get(System.getProperty("mailkeys.extension.directory", "target/extension"))
            .resolve("mailkeys-extension.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No extension jar at " + jar + ": build with mvn -pl cluster -am verify");
        }
        return jar;
    }

    /** The memory app's class path without the Cassandra driver (see this module's pom). */
    public static String jamesClassPath() throws IOException {
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

    @Override
    public int mxPort() {
        return mxPort;
    }

    @Override
    public int submissionPort() {
        return submissionPort;
    }

    @Override
    public int imapPort() {
        return imapPort;
    }

    @Override
    public int webAdminPort() {
        return webAdminPort;
    }

    /** The node's Web Key Directory, plain HTTP on 127.0.0.1. */
    public int wkdPort() {
        return wkdPort;
    }

    /** Checks the nodes' TLS certificate: James' test keystore, which every node uses. */
    public static X509TrustManager trust() throws IOException, GeneralSecurityException {
        return TestTrust.keystore("/keystore", "JKS", KEYSTORE_SECRET);
    }

    /** SIGKILL, as a power cut or the kernel's out-of-memory killer would: no shutdown hook runs. */
    @Override
    public void kill() {
        jvm.kill();
    }

    /** Stops the node as an operator does (SIGTERM), killing it if it does not stop in time. */
    @Override
    public void close() {
        jvm.stop(STOP_TIMEOUT);
    }

    @Override
    public String toString() {
        return "James node " + name;
    }
}
