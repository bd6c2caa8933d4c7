package org.mailkeys.cassandra.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Cassandra node for a test class, instead of a copied {@code @BeforeAll}:
 *
 * <pre>
 * &#64;RegisterExtension
 * static CassandraNodeExtension cassandra = CassandraNodeExtension.sharedInThisJvm();
 * ... cassandra.contactPoints(), cassandra.keyspace() ...
 * </pre>
 *
 * <ul>
 *   <li>{@link #sharedInThisJvm()}: one node for every test class of this JVM (one surefire fork) that asks for it,
 *   started by the first and killed when the test run ends; each class works in a keyspace of its own
 *   ({@link #keyspace()}). For classes that only read and write: a node start costs tens of seconds.</li>
 *   <li>{@link #perClass()} and {@link #perClassOn(String)}: a node of the class's own, killed after the class, for
 *   classes that stop, restart or kill it ({@link #stop()}, {@link #restart()}).</li>
 * </ul>
 *
 * The node lives in a temporary folder of the extension's, removed only once the node has exited. Register it
 * before anything that connects to the node (an {@code @Order} lower than a James server's extension).
 */
public final class CassandraNodeExtension implements BeforeAllCallback, AfterAllCallback {
    public static final String LOOPBACK = "127.0.0.1";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
        CassandraNodeExtension.class);
    /** Cassandra's limit for a keyspace name. */
    private static final int KEYSPACE_NAME_LENGTH = 48;

    private final String ip;
    private final boolean shared;
    private OwnNode own;
    private CassandraNode node;
    private String keyspace;

    private CassandraNodeExtension(String ip, boolean shared) {
        this.ip = ip;
        this.shared = shared;
    }

    /** One node on {@value #LOOPBACK} for every test class of this JVM that registers this; a keyspace per class. */
    public static CassandraNodeExtension sharedInThisJvm() {
        return new CassandraNodeExtension(LOOPBACK, true);
    }

    /** A node of the class's own on {@value #LOOPBACK} (free ports), killed after the class. */
    public static CassandraNodeExtension perClass() {
        return perClassOn(LOOPBACK);
    }

    /**
     * A node of the class's own on a loopback address of its own, killed after the class: for a class that restarts
     * it, so that no other node takes its ports meanwhile.
     */
    public static CassandraNodeExtension perClassOn(String ip) {
        return new CassandraNodeExtension(ip, false);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        keyspace = keyspaceOf(context.getRequiredTestClass());
        if (shared) {
            node = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(ip, OwnNode::startOn, OwnNode.class).node;
        } else {
            own = OwnNode.startOn(ip);
            node = own.node;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (own != null) {
            own.close();
            own = null;
        }
    }

    public CassandraNode node() {
        if (node == null) {
            throw new IllegalStateException("The node starts before the test class: register the extension static");
        }
        return node;
    }

    /** {@code ip:port} of the node's CQL port, as the store's {@code contact.points} takes it. */
    public String contactPoint() {
        return node().ip() + ":" + node().nativePort();
    }

    public List<String> contactPoints() {
        return List.of(contactPoint());
    }

    /**
     * A keyspace name of the test class's own ({@code t_} and its simple name in lower case), so that classes sharing
     * a node never see each other's rows; two classes of one module with the same simple name would share it. Nothing
     * creates it: the store's {@code open} does.
     */
    public String keyspace() {
        return keyspace;
    }

    /** Graceful stop of a node of the class's own (SIGTERM): the health check's "down". */
    public void stop() {
        requireOwn().node.stop();
    }

    /** Starts a node of the class's own again, on the same address, ports and data; returns when CQL answers. */
    public void restart() throws IOException {
        OwnNode owned = requireOwn();
        owned.node = CassandraNode.start(owned.node.settings());
        node = owned.node;
    }

    private OwnNode requireOwn() {
        if (own == null) {
            throw new IllegalStateException("Only a node of the class's own (perClass) may be stopped or restarted");
        }
        return own;
    }

    static String keyspaceOf(Class<?> testClass) {
        String name = "t_" + testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return name.length() <= KEYSPACE_NAME_LENGTH ? name : name.substring(0, KEYSPACE_NAME_LENGTH);
    }

    /** A node and its folder; closing kills the node (its data is thrown away), then removes the folder. */
    private static final class OwnNode implements ExtensionContext.Store.CloseableResource {
        private final Path folder;
        private CassandraNode node;

        private OwnNode(Path folder, CassandraNode node) {
            this.folder = folder;
            this.node = node;
        }

        static OwnNode startOn(String ip) {
            Path folder = TestFolders.create("mailkeys-cassandra");
            try {
                return new OwnNode(folder, CassandraNode.start(ip, folder.resolve("node")));
            } catch (IOException e) {
                TestFolders.delete(folder);
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                TestFolders.delete(folder);
                throw e;
            }
        }

        @Override
        public void close() {
            node.kill();
            TestFolders.delete(folder);
        }
    }
}
