package org.mailkeys.cassandra.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Cassandra 4.1 node for tests, run as a forked {@code java} process from the {@code cassandra-all} jars that
 * this module resolved at build time. Nothing of Cassandra is loaded in the calling JVM.
 *
 * <p>Cassandra 4.1 runs on Java 11 and 17 only: the node uses the Java named by the system property
 * {@value #JAVA_HOME_PROPERTY} or the environment variable {@value #JAVA_HOME_VARIABLE}, and otherwise the Java
 * running the tests.
 *
 * <pre>
 * try (CassandraNode node = CassandraNode.start("127.0.0.1", folder)) {
 *     ... connect to node.ip():node.nativePort() ...
 * }
 * </pre>
 */
public final class CassandraNode implements AutoCloseable {
    public static final String JAVA_HOME_PROPERTY = "mailkeys.cassandra.java.home";
    public static final String JAVA_HOME_VARIABLE = "CASSANDRA_JAVA_HOME";
    public static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final String CLASS_PATH_RESOURCE = "cassandra.classpath";
    private static final String LOG_FILE = "system.log";
    private static final String OUTPUT_FILE = "output.log";

    private final NodeSettings settings;
    private final Process process;
    private final Thread killOnExit;

    private CassandraNode(NodeSettings settings, Process process, boolean gracefulOnExit) {
        this.settings = settings;
        this.process = process;
        this.killOnExit = gracefulOnExit
            ? new Thread(this::stopOnExit, "stop-cassandra-" + settings.ip())
            : new Thread(process::destroyForcibly, "kill-cassandra-" + settings.ip());
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Starts a node alone in its cluster on free ports of {@code ip}, and waits until its CQL port answers. */
    public static CassandraNode start(String ip, Path folder) throws IOException {
        return start(NodeSettings.singleNode(ip, folder));
    }

    /** Starts a node and waits until its CQL port answers. */
    public static CassandraNode start(NodeSettings settings) throws IOException {
        return awaitStarted(launch(settings, false));
    }

    /**
     * Starts a node that lives as long as this JVM: when the JVM exits (Ctrl-C, SIGTERM), the node is stopped
     * gracefully, flushing its data, rather than killed as a test's node is. Waits until its CQL port answers.
     */
    public static CassandraNode startStoppedWithThisJvm(NodeSettings settings) throws IOException {
        return awaitStarted(launch(settings, true));
    }

    private static CassandraNode awaitStarted(CassandraNode node) throws IOException {
        try {
            node.awaitNativePort(START_TIMEOUT);
        } catch (IOException | RuntimeException e) {
            node.kill();
            throw e;
        }
        return node;
    }

    /** Starts a node without waiting: see {@link #awaitNativePort}. */
    static CassandraNode launch(NodeSettings settings) throws IOException {
        return launch(settings, false);
    }

    private static CassandraNode launch(NodeSettings settings, boolean gracefulOnExit) throws IOException {
        Path folder = settings.folder();
        Files.createDirectories(folder);
        Path yaml = folder.resolve("cassandra.yaml");
        Files.writeString(yaml, settings.yaml());
        Path logback = folder.resolve("logback.xml");
        Files.writeString(logback, logbackConfiguration(folder.resolve(LOG_FILE)));
        List<String> command = command(settings, yaml, logback);
        Process process = new ProcessBuilder(command)
            .directory(folder.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve(OUTPUT_FILE).toFile()))
            .start();
        return new CassandraNode(settings, process, gracefulOnExit);
    }

    /** The CPU time (user and system) the node's process has used so far, where the platform tells it. */
    public Optional<Duration> cpuTime() {
        return process.info().totalCpuDuration();
    }

    public String ip() {
        return settings.ip();
    }

    /** The CQL port. */
    public int nativePort() {
        return settings.nativePort();
    }

    public NodeSettings settings() {
        return settings;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** The node's own log, where gossip reports peers going up and down. */
    public Path logFile() {
        return settings.folder().resolve(LOG_FILE);
    }

    /** Waits until the node takes CQL connections. */
    public void awaitNativePort(Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (!answers()) {
            if (!process.isAlive()) {
                throw new IOException("Cassandra on " + ip() + " exited with " + process.exitValue() + ":\n"
                    + tail(settings.folder().resolve(OUTPUT_FILE)) + "\n" + tail(logFile()));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException("Cassandra on " + ip() + " did not open its CQL port within " + timeout
                    + ":\n" + tail(logFile()));
            }
            sleep(Duration.ofMillis(250));
        }
    }

    /** Graceful stop: SIGTERM, then waits for the process to exit (falls back to {@link #kill()}). */
    public void stop() {
        process.destroy();
        awaitExit();
    }

    /** Crash: SIGKILL, as when a machine dies. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    /** Shutdown hook of {@link #startStoppedWithThisJvm}: SIGTERM (Ctrl-C may have sent SIGINT already), wait. */
    private void stopOnExit() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
        }
    }

    /** Waits until the node's process ends by itself (a crash, or a stop from elsewhere); returns its exit value. */
    public int awaitTermination() throws InterruptedException {
        return process.waitFor();
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway and finds the process gone
        }
    }

    private boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(ip(), nativePort()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> command(NodeSettings settings, Path yaml, Path logback) {
        List<String> classPath = cassandraClassPath();
        String jamm = classPath.stream().filter(jar -> jar.contains("jamm-")).findFirst()
            .orElseThrow(() -> new IllegalStateException("jamm is missing from Cassandra's class path"));
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add("-Xms" + settings.heapMegabytes() + "m");
        command.add("-Xmx" + settings.heapMegabytes() + "m");
        command.add("-XX:+UseSerialGC");
        command.addAll(jitOptionsOfThisJvm());
        command.add("-javaagent:" + jamm);
        command.addAll(JpmsOptions.JAVA_17);
        command.add("-Dcassandra.config=" + yaml.toUri());
        command.add("-Dcassandra-foreground=yes");
        command.add("-Dcassandra.storagedir=" + settings.folder());
        command.add("-Dlogback.configurationFile=" + logback.toUri());
        command.add("-Dcassandra.skip_wait_for_gossip_to_settle=0");
        command.add("-Dcassandra.superuser_setup_delay_ms=0");
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-cp");
        command.add(String.join(java.io.File.pathSeparator, classPath));
        command.add("org.apache.cassandra.service.CassandraDaemon");
        return command;
    }

    /**
     * A test JVM's client-compiler-only setting ({@code -XX:TieredStopAtLevel}), taken over so that a test node starts
     * on less CPU; a benchmark's JVM has none, and its node runs with the full JIT.
     */
    private static List<String> jitOptionsOfThisJvm() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(argument -> argument.startsWith("-XX:TieredStopAtLevel="))
            .collect(java.util.stream.Collectors.toList());
    }

    /** The jars of cassandra-all and its dependencies, as this module's build resolved them. */
    static List<String> cassandraClassPath() {
        try (InputStream in = CassandraNode.class.getResourceAsStream(CLASS_PATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CLASS_PATH_RESOURCE + " is missing: build mailkeys-cassandra-node");
            }
            String line = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return List.of(line.split(java.io.File.pathSeparator));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaExecutable() {
        String javaHome = System.getProperty(JAVA_HOME_PROPERTY);
        if (javaHome == null || javaHome.isBlank()) {
            javaHome = System.getenv(JAVA_HOME_VARIABLE);
        }
        if (javaHome == null || javaHome.isBlank()) {
            int running = Runtime.version().feature();
            if (running != 11 && running != 17) {
                throw new IllegalStateException("Cassandra 4.1 runs on Java 11 or 17, and these tests run on Java "
                    + running + ": name a Java 17 home in " + JAVA_HOME_VARIABLE + " or -D" + JAVA_HOME_PROPERTY);
            }
            javaHome = System.getProperty("java.home");
        }
        return Path.of(javaHome, "bin", "java").toString();
    }

    private static String logbackConfiguration(Path logFile) {
        return "<configuration>\n"
            + "  <appender name=\"FILE\" class=\"ch.qos.logback.core.FileAppender\">\n"
            + "    <file>" + logFile + "</file>\n"
            + "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n</pattern></encoder>\n"
            + "  </appender>\n"
            + "  <root level=\"INFO\"><appender-ref ref=\"FILE\"/></root>\n"
            + "</configuration>\n";
    }

    static String tail(Path file) {
        if (!Files.exists(file)) {
            return "(no " + file.getFileName() + ")";
        }
        try (Stream<String> lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            List<String> all = lines.collect(Collectors.toList());
            return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException e) {
            return "(unreadable " + file + ")";
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Cassandra", e);
        }
    }
}
