package org.mailkeys.cluster.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The section "Try a cluster on one machine" of docs/OPERATOR.md, run as a reader runs it: its shell blocks, taken from the
 * document itself, pasted into one bash per terminal in the repository root, and the outcome of each step checked.
 * Terminals 1 to 4 run the scripts (two Cassandra nodes, two James nodes) as processes; terminal 5 is one shell that
 * gets the remaining blocks in order. It uses the README's addresses, ports and folders under {@code var/}: do not
 * run the README's cluster at the same time.
 */
class ReadmeClusterTest {
    static final String SECTION = "### Try a cluster on one machine";
    private static final Duration CASSANDRA_START = Duration.ofSeconds(180);
    private static final Duration JAMES_START = Duration.ofSeconds(240);
    private static final Duration CLIENT_STEP = Duration.ofSeconds(180);
    private static final Pattern KEY_FOUND =
        Pattern.compile("KEY-FOUND: key ([0-9A-F]{40}) for alice@example\\.net found \\(answer verified\\)");
    /** What the README's commands write under {@code var/}: removed first, so that every step starts fresh. */
    private static final List<String> FOLDERS = List.of("cassandra-127.0.0.1", "cassandra-127.0.0.2", "node-a",
        "node-b", "node-a.pem", "node-b.pem", "alice-from-node-b.asc", "alice-state", "bob-state",
        "example.net.log-keys");
    /** The README's ports that must be free: CQL and gossip of both nodes, WebAdmin and MX of both James nodes. */
    private static final List<InetSocketAddress> PORTS = List.of(new InetSocketAddress("127.0.0.1", 9042),
        new InetSocketAddress("127.0.0.2", 9042), new InetSocketAddress("127.0.0.1", 7000),
        new InetSocketAddress("127.0.0.2", 7000), new InetSocketAddress("127.0.0.1", 9000),
        new InetSocketAddress("127.0.0.1", 10000), new InetSocketAddress("127.0.0.1", 3525),
        new InetSocketAddress("127.0.0.1", 4525), new InetSocketAddress("127.0.0.1", 9443),
        new InetSocketAddress("127.0.0.1", 10443));

    private final List<Terminal> terminals = new ArrayList<>();
    private Terminal shell;

    @Test
    void aKeyPublishedThroughNodeAIsServedByNodeBAlsoWithOneCassandraNodeDown() throws Exception {
        Path root = repositoryRoot();
        List<ReadmeSection.Block> blocks = ReadmeSection.blocks(root.resolve("docs/OPERATOR.md"), SECTION);
        assertThat(blocks).extracting(block -> block.terminal).containsExactly(1, 2, 3, 4, 5, 5, 5, 5);
        assertThat(blocks.get(7).commands).as("step 8 repeats step 6").isEqualTo(blocks.get(6).commands);
        assertPortsFree();
        removeWhatAnEarlierRunLeft(root.resolve("var"));
        Path logs = Files.createDirectories(Path.of("target", "readme-cluster")).toAbsolutePath();
        Map<String, String> environment = environment();

        // 1, 2: two Cassandra nodes
        Terminal cassandra1 = open(Terminal.running("terminal 1", blocks.get(0).commands, root,
            logs.resolve("terminal-1.log"), environment));
        cassandra1.awaitOutput("mailkeys-cassandra: CQL ready at 127.0.0.1:9042", CASSANDRA_START);
        Terminal cassandra2 = open(Terminal.running("terminal 2", blocks.get(1).commands, root,
            logs.resolve("terminal-2.log"), environment));
        cassandra2.awaitOutput("mailkeys-cassandra: CQL ready at 127.0.0.2:9042", CASSANDRA_START);
        cassandra2.awaitOutput("peer 127.0.0.1 is UP", CASSANDRA_START);
        cassandra1.awaitOutput("peer 127.0.0.2 is UP", CASSANDRA_START);
        assertThat(root.resolve("var/cassandra-127.0.0.2/data")).isDirectory();

        // 3: two James nodes, one after the other
        for (int terminal = 3; terminal <= 4; terminal++) {
            Terminal james = open(Terminal.running("terminal " + terminal, blocks.get(terminal - 1).commands, root,
                logs.resolve("terminal-" + terminal + ".log"), environment));
            james.awaitOutput("mailkeys-server: James is up", JAMES_START);
            assertThat(james.output()).contains("key store: Cassandra at 127.0.0.1:9042,127.0.0.2:9042 "
                + "(keyspace mailkeys, replication factor 2, reads at ONE)");
        }

        // 4: domain, users and certificates; 5: publish through node A; 6: retrieve through node B
        shell = open(Terminal.shell("terminal 5", root, logs.resolve("terminal-5.log"), environment));
        Terminal.Result setup = shell.paste(blocks.get(4).commands, CLIENT_STEP);
        assertThat(setup.printed).as(setup.printed)
            .contains("users of 127.0.0.1:9000: [{\"username\":\"alice@example.net\"},{\"username\":\"bob@example.net\"}]",
                "users of 127.0.0.1:10000: [{\"username\":\"alice@example.net\"},{\"username\":\"bob@example.net\"}]");
        assertThat(root.resolve("var/node-a.pem")).isRegularFile();
        assertThat(root.resolve("var/node-b.pem")).isRegularFile();

        Terminal.Result publication = shell.paste(blocks.get(5).commands, CLIENT_STEP);
        assertThat(publication.status).as(publication.printed).isZero();
        assertThat(publication.printed)
            .contains("PUBLISHED: key for alice@example.net published (confirmation verified)", "transparency: verified");
        String fingerprint = shell.paste("gpg --list-keys --with-colons alice@example.net"
            + " | awk -F: '/^fpr/ {print $10; exit}'", CLIENT_STEP).printed.trim();
        assertThat(fingerprint).matches("[0-9A-F]{40}");

        assertKeyServedByNodeB(shell, blocks.get(6).commands, fingerprint);

        // 7: Ctrl-C in terminal 2
        cassandra2.interrupt();
        assertThat(cassandra2.output()).contains("mailkeys-cassandra: stopping the node on 127.0.0.2",
            "mailkeys-cassandra: stopped");
        cassandra1.awaitOutput("peer 127.0.0.2 is DOWN", CASSANDRA_START);

        // 8: node B still serves the key, from the one Cassandra node left
        Files.delete(root.resolve("var/alice-from-node-b.asc"));
        assertKeyServedByNodeB(shell, blocks.get(7).commands, fingerprint);
    }

    private static void assertKeyServedByNodeB(Terminal shell, String commands, String fingerprint)
        throws IOException {
        Terminal.Result lookup = shell.paste(commands, CLIENT_STEP);
        assertThat(lookup.status).as(lookup.printed).isZero();
        Matcher found = KEY_FOUND.matcher(lookup.printed);
        assertThat(found.find()).as(lookup.printed).isTrue();
        assertThat(found.group(1)).isEqualTo(fingerprint);
        // the proof from the key log too: with one Cassandra node down, its reads fall back to the store's level
        assertThat(lookup.printed).contains("connecting to MX 127.0.0.1:4525", "transparency: verified",
            "written to: var/alice-from-node-b.asc");
    }

    @AfterEach
    void closeEveryTerminal() {
        // the client shell first, with the gpg-agent its GnuPG home started, then James, then Cassandra
        if (shell != null && shell.isRunning()) {
            try {
                shell.paste("gpgconf --kill all", Duration.ofSeconds(20));
            } catch (IOException | AssertionError e) {
                // the agent ends with its home folder anyway
            }
        }
        for (int i = terminals.size() - 1; i >= 0; i--) {
            terminals.get(i).close();
        }
    }

    private Terminal open(Terminal terminal) {
        terminals.add(terminal);
        return terminal;
    }

    /** The scripts must not run Maven inside the test: the reactor built everything they use. */
    private static Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("MAILKEYS_NO_BUILD", "1");
        return environment;
    }

    private static void assertPortsFree() throws IOException {
        for (InetSocketAddress address : PORTS) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName(address.getHostString()), address.getPort()));
            } catch (IOException e) {
                throw new IllegalStateException("Port " + address.getPort() + " on " + address.getHostString()
                    + " is in use: is the README's cluster running?", e);
            }
        }
    }

    private static void removeWhatAnEarlierRunLeft(Path var) throws IOException {
        for (String name : FOLDERS) {
            Path path = var.resolve(name);
            if (Files.exists(path)) {
                try (Stream<Path> paths = Files.walk(path)) {
                    for (Path each : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                        Files.delete(each);
                    }
                }
            }
        }
    }

    /** The folder with README.md and bin/: this module's parent or one above (modules may move into a folder). */
    static Path repositoryRoot() {
        Path folder = Path.of("").toAbsolutePath();
        while (folder != null) {
            if (Files.isRegularFile(folder.resolve("README.md")) && Files.isRegularFile(folder.resolve("bin/mailkeys-cassandra"))) {
                return folder;
            }
            folder = folder.getParent();
        }
        throw new IllegalStateException("No repository root above " + Path.of("").toAbsolutePath());
    }
}
