package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.server.core.configuration.Configuration.ConfigurationPath;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.data.UsersRepositoryModuleChooser;

/**
 * Lays out a James runtime folder as bin/mailkeys-server does: {@code conf/} from james-distribution/src/main/conf
 * plus the extension's files from the repository's conf/, a self-signed keystore under {@code var/}; then moves the
 * listeners to test ports and applies test values to mailet parameters. The configuration files are the shipped
 * ones: a test changes only what it names here. The paths are relative to the distribution's folder: a module that
 * uses this from the test-jar (the benchmarks) runs its tests with that folder as working directory.
 */
public final class RuntimeFolder {
    static final Path DISTRIBUTION_CONF = Paths.get("src/main/conf").toAbsolutePath();
    static final Path EXTENSION_CONF = Paths.get("../conf").toAbsolutePath();
    /** The files of the repository's conf/ that are complete James configuration files (the rest are notes). */
    static final List<String> EXTENSION_CONF_FILES = List.of("mailetcontainer.xml", "extensions.properties", "mailkeys.properties");
    /** Where the file store keeps keys, as conf/mailkeys.properties says (relative to the working directory). */
    static final String KEY_STORE_FOLDER = "var/mailkeys/keys";

    private final ListenerPorts ports;
    private Map<String, String> mailetParameters = new LinkedHashMap<>();
    private List<String> mailKeysProperties = List.of();
    private Map<String, String> mailKeysSettings = new LinkedHashMap<>();
    private String remoteGateway;
    private boolean besideAnother;
    private List<Map.Entry<String, UnaryOperator<String>>> confEdits = List.of();

    private RuntimeFolder(ListenerPorts ports) {
        this.ports = ports;
    }

    private RuntimeFolder copy() {
        RuntimeFolder copy = new RuntimeFolder(ports);
        copy.mailetParameters = new LinkedHashMap<>(mailetParameters);
        copy.mailKeysProperties = mailKeysProperties;
        copy.mailKeysSettings = new LinkedHashMap<>(mailKeysSettings);
        copy.remoteGateway = remoteGateway;
        copy.besideAnother = besideAnother;
        copy.confEdits = confEdits;
        return copy;
    }

    /** Test ports; answer rate per client IP raised, since every test request comes from 127.0.0.1. */
    public static RuntimeFolder forTests() {
        return new RuntimeFolder(ListenerPorts.free()).withMailetParameter("perClientIp", "100000");
    }

    /** Sets a mailet parameter everywhere mailetcontainer.xml names it (it must appear at least once). */
    public RuntimeFolder withMailetParameter(String name, String value) {
        RuntimeFolder copy = copy();
        copy.mailetParameters.put(name, value);
        return copy;
    }

    /** Replaces the shipped settings of mailkeys.properties by these lines (key=value). */
    public RuntimeFolder withMailKeysProperties(String... lines) {
        RuntimeFolder copy = copy();
        copy.mailKeysProperties = List.of(lines);
        return copy;
    }

    /**
     * Sets these keys of mailkeys.properties, the others as shipped: their shipped lines are removed (James reads a key
     * given twice as a list, whose first value wins) and the new values appended.
     */
    public RuntimeFolder withMailKeysSettings(Map<String, String> settings) {
        RuntimeFolder copy = copy();
        copy.mailKeysSettings.putAll(settings);
        return copy;
    }

    /**
     * Remote mail goes to this SMTP listener whatever the recipient's MX (RemoteDelivery's gateway), and the server can
     * run beside another in this JVM ({@link #besideAnotherInThisJvm()}): for tests that run two servers in one JVM and
     * let them mail each other.
     */
    public RuntimeFolder withRemoteGateway(String host, int port) {
        RuntimeFolder copy = besideAnotherInThisJvm();
        copy.remoteGateway = host + ":" + port;
        return copy;
    }

    /**
     * For a server that runs beside another in this JVM: its listeners' JMX names carry its MX port and its mailet
     * container registers no JMX beans (James registers a bean per listener even with jmx.enabled=false).
     */
    public RuntimeFolder besideAnotherInThisJvm() {
        RuntimeFolder copy = copy();
        copy.besideAnother = true;
        return copy;
    }

    /** Rewrites the text of one conf/ file, after every other change of this class: for what no option here says. */
    public RuntimeFolder withConfEdit(String file, UnaryOperator<String> edit) {
        RuntimeFolder copy = copy();
        List<Map.Entry<String, UnaryOperator<String>>> edits = new ArrayList<>(confEdits);
        edits.add(Map.entry(file, edit));
        copy.confEdits = List.copyOf(edits);
        return copy;
    }

    public ListenerPorts ports() {
        return ports;
    }

    public MemoryJamesConfiguration layOut(Path root) {
        try {
            Path conf = root.resolve("conf");
            Files.createDirectories(conf);
            Files.createDirectories(root.resolve("extensions-jars"));
            try (Stream<Path> files = Files.list(DISTRIBUTION_CONF)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.copy(file, conf.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            for (String name : EXTENSION_CONF_FILES) {
                Files.copy(EXTENSION_CONF.resolve(name), conf.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            if (!mailKeysProperties.isEmpty()) {
                Files.write(conf.resolve("mailkeys.properties"), mailKeysProperties, StandardCharsets.UTF_8);
            }
            setMailKeysSettings(conf.resolve("mailkeys.properties"));
            moveListeners(conf);
            stopListenersWithoutGrace(conf);
            setMailetParameters(conf.resolve("mailetcontainer.xml"));
            if (besideAnother) {
                nameListenersForThisServer(conf);
                turnOffMailetContainerJmx(conf.resolve("mailetcontainer.xml"));
            }
            if (remoteGateway != null) {
                setRemoteGateway(conf.resolve("mailetcontainer.xml"));
            }
            for (Map.Entry<String, UnaryOperator<String>> edit : confEdits) {
                Path file = conf.resolve(edit.getKey());
                Files.writeString(file, edit.getValue().apply(Files.readString(file, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
            }
            RuntimeKeystore.createIfMissing(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return MemoryJamesConfiguration.builder()
            .workingDirectory(root.toFile())
            .configurationPath(new ConfigurationPath(FileSystem.FILE_PROTOCOL_AND_CONF))
            .usersRepository(UsersRepositoryModuleChooser.Implementation.DEFAULT)
            .build();
    }

    private void moveListeners(Path conf) throws IOException {
        ListenerPorts shipped = ListenerPorts.DEFAULTS;
        replaceOnce(conf.resolve("smtpserver.xml"), "127.0.0.1:" + shipped.smtpMx, "127.0.0.1:" + ports.smtpMx);
        replaceOnce(conf.resolve("smtpserver.xml"), "127.0.0.1:" + shipped.submission, "127.0.0.1:" + ports.submission);
        replaceOnce(conf.resolve("smtpserver.xml"), "127.0.0.1:" + shipped.submissions, "127.0.0.1:" + ports.submissions);
        replaceOnce(conf.resolve("imapserver.xml"), "127.0.0.1:" + shipped.imap, "127.0.0.1:" + ports.imap);
        replaceOnce(conf.resolve("imapserver.xml"), "127.0.0.1:" + shipped.imaps, "127.0.0.1:" + ports.imaps);
        replaceOnce(conf.resolve("webadmin.properties"), "port=" + shipped.webAdmin, "port=" + ports.webAdmin);
    }

    /** Tests only: close connections at stop instead of letting each listener wait ~2 s for them (Netty's quiet period). */
    private static void stopListenersWithoutGrace(Path conf) throws IOException {
        for (String name : List.of("smtpserver.xml", "imapserver.xml")) {
            Path file = conf.resolve(name);
            String xml = Files.readString(file, StandardCharsets.UTF_8);
            Files.writeString(file, xml.replaceAll("(\\s*)(<jmxName>)", "$1<gracefulShutdown>false</gracefulShutdown>$1$2"),
                StandardCharsets.UTF_8);
        }
    }

    private void setMailetParameters(Path mailetContainer) throws IOException {
        String xml = Files.readString(mailetContainer, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> parameter : mailetParameters.entrySet()) {
            Pattern element = Pattern.compile("<" + parameter.getKey() + ">[^<]*</" + parameter.getKey() + ">");
            Matcher matcher = element.matcher(xml);
            assertThat(matcher.results().count())
                .as("mailet parameter %s in mailetcontainer.xml", parameter.getKey())
                .isPositive();
            xml = element.matcher(xml).replaceAll(
                Matcher.quoteReplacement("<" + parameter.getKey() + ">" + parameter.getValue() + "</" + parameter.getKey() + ">"));
        }
        Files.writeString(mailetContainer, xml, StandardCharsets.UTF_8);
    }

    /** Listener JMX names unique in the JVM: James registers a bean per listener even with jmx.enabled=false. */
    private void nameListenersForThisServer(Path conf) throws IOException {
        for (String name : List.of("smtpserver.xml", "imapserver.xml", "pop3server.xml")) {
            Path file = conf.resolve(name);
            if (Files.exists(file)) {
                String xml = Files.readString(file, StandardCharsets.UTF_8);
                Files.writeString(file, xml.replaceAll("<jmxName>([^<]*)</jmxName>", "<jmxName>$1-" + ports.smtpMx + "</jmxName>"),
                    StandardCharsets.UTF_8);
            }
        }
    }

    private void setMailKeysSettings(Path file) throws IOException {
        if (mailKeysSettings.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int equals = line.indexOf('=');
            boolean replaced = !line.startsWith("#") && equals > 0 && mailKeysSettings.containsKey(line.substring(0, equals).trim());
            if (!replaced) {
                text.append(line).append('\n');
            }
        }
        mailKeysSettings.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void turnOffMailetContainerJmx(Path mailetContainer) throws IOException {
        Files.writeString(mailetContainer, Files.readString(mailetContainer, StandardCharsets.UTF_8)
            .replace("enableJmx=\"true\"", "enableJmx=\"false\"").replace("<processors>", "<processors enableJmx=\"false\">"),
            StandardCharsets.UTF_8);
    }

    private void setRemoteGateway(Path mailetContainer) throws IOException {
        String[] hostAndPort = remoteGateway.split(":");
        replaceOnce(mailetContainer, "<outgoingQueue>outgoing</outgoingQueue>", "<outgoingQueue>outgoing</outgoingQueue>"
            + "<gateway>" + hostAndPort[0] + "</gateway><gatewayPort>" + hostAndPort[1] + "</gatewayPort>");
    }

    private static void replaceOnce(Path file, String shipped, String test) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text.split(Pattern.quote(shipped), -1)).as("%s in %s", shipped, file.getFileName()).hasSize(2);
        Files.writeString(file, text.replace(shipped, test), StandardCharsets.UTF_8);
    }
}
