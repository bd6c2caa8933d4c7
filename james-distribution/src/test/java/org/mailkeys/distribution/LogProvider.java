package org.mailkeys.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.GuiceJamesServer;
import org.mailkeys.distribution.testjames.TestJames;

/**
 * A provider with a key log for end-to-end tests of the log's client checks: an in-process James on a runtime folder
 * of its own (file store and its log under {@code var/mailkeys/}), with the Web Key Directory listener on a port of
 * 127.0.0.1 that serves the log's checkpoint and tiles, and a certificate also valid for
 * {@code openpgpkey.example.net}. It can be stopped, its files changed as an operator (or an intruder) could change
 * them, and started again; the memory server forgets domains and users at a stop, so they are added at every start.
 * At most one runs at a time ({@link #use()} stops the one running before), so their JMX names never meet.
 */
final class LogProvider {
    private static LogProvider running;

    private final RuntimeFolder runtime;
    private final Path root;
    private final int wkdPort;
    private final List<String> users;
    private GuiceJamesServer server;

    /**
     * @param keystore a PKCS12 keystore made by {@link RuntimeKeystore} (secret {@link RuntimeKeystore#SECRET}),
     *                 copied into the runtime folder
     * @param logProperties mailkeys.properties lines about the log (log.keys.file=..., log.enabled=false...)
     */
    LogProvider(Path root, Path keystore, List<String> users, String... logProperties) {
        this.root = root;
        this.wkdPort = freePort();
        this.users = List.copyOf(users);
        List<String> properties = new ArrayList<>(List.of("store=file", "store.file.directory=" + RuntimeFolder.KEY_STORE_FOLDER,
            "wkd.enabled=true", "wkd.host=127.0.0.1", "wkd.port=" + wkdPort, "wkd.tls=true",
            "wkd.tls.keystore=" + RuntimeKeystore.RELATIVE_PATH, "wkd.tls.keystore.password=" + RuntimeKeystore.SECRET,
            "wkd.limit.requests.per.ip.per.minute=100000", "wkd.limit.connects.per.ip.per.second=1000",
            "wkd.limit.connections.per.ip=64"));
        properties.addAll(List.of(logProperties));
        this.runtime = RuntimeFolder.forTests().withMailetParameter("perSender", "100000")
            .withMailKeysProperties(properties.toArray(new String[0]));
        try {
            Files.createDirectories(root.resolve(RuntimeKeystore.RELATIVE_PATH).getParent());
            Files.copy(keystore, root.resolve(RuntimeKeystore.RELATIVE_PATH), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ListenerPorts ports() {
        return runtime.ports();
    }

    int wkdPort() {
        return wkdPort;
    }

    Path root() {
        return root;
    }

    /** The log's folder of the file store (log.directory's default). */
    Path logFolder() {
        return root.resolve("var/mailkeys/log");
    }

    /** The key store's folder. */
    Path keyFolder() {
        return root.resolve(RuntimeFolder.KEY_STORE_FOLDER);
    }

    /** Starts this provider, after stopping the one running, if another. */
    void use() throws Exception {
        if (running == this) {
            return;
        }
        if (running != null) {
            running.stop();
        }
        server = TestJames.onFolder(runtime, root);
        server.start();
        running = this;
        TestJames.addDomainsAndUsers(server, users.toArray(new String[0]));
    }

    void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
        if (running == this) {
            running = null;
        }
    }

    /** Stops the provider, lets {@code change} edit its files, and starts it again. */
    void changeWhileStopped(FileChange change) throws Exception {
        stop();
        change.apply();
        use();
    }

    /** An edit of the provider's files while James is stopped. */
    interface FileChange {
        void apply() throws Exception;
    }

    /** Stops whichever provider runs (the end of a test class). */
    static void stopRunning() {
        if (running != null) {
            running.stop();
        }
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
