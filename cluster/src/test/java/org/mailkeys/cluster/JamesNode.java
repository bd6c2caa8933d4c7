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
import java.util.List;
import java.util.Map;

import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.dnsservice.api.InMemoryDNSService;

/**
 * One in-process James memory server of the cluster test, installed as an operator would: its own working folder
 * with {@code conf/} (templates from {@code /node-conf/} with this node's ports, the project's
 * {@code conf/mailetcontainer.xml}) and the MailKeys extension jar in {@code extensions-jars/}. The test class path
 * carries no MailKeys class and no Cassandra driver: both come from that jar, through James' extension class loader.
 */
final class JamesNode implements AutoCloseable {
    static final String KEYSTORE_SECRET = "james72laBalle";
    private static final List<String> TEMPLATES = List.of("smtpserver.xml", "imapserver.xml", "pop3server.xml",
        "webadmin.properties", "domainlist.xml", "usersrepository.xml", "mailrepositorystore.xml",
        "extensions.properties", "mailkeys.properties");

    private final String name;
    private final int mxPort;
    private final int submissionPort;
    private final int imapPort;
    private final int webAdminPort;
    private final GuiceJamesServer server;

    private JamesNode(String name, int mxPort, int submissionPort, int imapPort, int webAdminPort,
                      GuiceJamesServer server) {
        this.name = name;
        this.mxPort = mxPort;
        this.submissionPort = submissionPort;
        this.imapPort = imapPort;
        this.webAdminPort = webAdminPort;
        this.server = server;
    }

    /** Installs and starts a node in {@code folder}, its key store on the given Cassandra contact points. */
    static JamesNode start(String name, Path folder, List<String> contactPoints) throws Exception {
        int mxPort = freePort();
        int submissionPort = freePort();
        int imapPort = freePort();
        int webAdminPort = freePort();
        Map<String, String> values = Map.of(
            "${NODE}", name,
            "${MX_PORT}", String.valueOf(mxPort),
            "${SUBMISSION_PORT}", String.valueOf(submissionPort),
            "${IMAP_PORT}", String.valueOf(imapPort),
            "${WEBADMIN_PORT}", String.valueOf(webAdminPort),
            "${CONTACT_POINTS}", String.join(",", contactPoints));
        install(folder, values);

        InMemoryDNSService dns = new InMemoryDNSService()
            .registerMxRecord("localhost", "127.0.0.1")
            .registerMxRecord("example.net", "127.0.0.1");
        MemoryJamesConfiguration configuration = MemoryJamesConfiguration.builder()
            .workingDirectory(folder.toFile())
            .build();
        GuiceJamesServer server = MemoryJamesServerMain.createServer(configuration)
            .overrideWith(binder -> binder.bind(DNSService.class).toInstance(dns));
        server.start();
        return new JamesNode(name, mxPort, submissionPort, imapPort, webAdminPort, server);
    }

    private static void install(Path folder, Map<String, String> values) throws IOException {
        Path conf = Files.createDirectories(folder.resolve("conf"));
        for (String template : TEMPLATES) {
            String text = resource("/node-conf/" + template);
            for (Map.Entry<String, String> value : values.entrySet()) {
                text = text.replace(value.getKey(), value.getValue());
            }
            Files.writeString(conf.resolve(template), text, StandardCharsets.UTF_8);
        }
        // The project's mail processing as shipped; only JMX is off, as two servers share this JVM's MBean server.
        String mailetContainer = Files.readString(projectConf().resolve("mailetcontainer.xml"), StandardCharsets.UTF_8)
            .replace("enableJmx=\"true\"", "enableJmx=\"false\"");
        Files.writeString(conf.resolve("mailetcontainer.xml"), mailetContainer, StandardCharsets.UTF_8);
        try (InputStream keystore = JamesNode.class.getResourceAsStream("/keystore")) {
            Files.copy(keystore, conf.resolve("keystore"), StandardCopyOption.REPLACE_EXISTING);
        }
        Path extensions = Files.createDirectories(folder.resolve("extensions-jars"));
        Files.copy(extensionJar(), extensions.resolve("mailkeys-extension.jar"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The extension jar the build copied from the mailets module (see this module's pom). */
    static Path extensionJar() {
        Path directory = Paths.get(System.getProperty("mailkeys.extension.directory", "target/extension"));
        Path jar = directory.resolve("mailkeys-mailets.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No extension jar at " + jar + ": build with mvn -pl cluster -am verify");
        }
        return jar;
    }

    private static Path projectConf() {
        return Paths.get(System.getProperty("mailkeys.conf.directory", "../conf"));
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

    String name() {
        return name;
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

    WebAdmin webAdmin() {
        return new WebAdmin(webAdminPort);
    }

    @Override
    public void close() {
        server.stop();
    }

    @Override
    public String toString() {
        return "James node " + name;
    }
}
