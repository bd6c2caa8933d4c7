package org.mailkeys.distribution.testjames;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

import org.mailkeys.distribution.ListenerPorts;
import org.mailkeys.testing.ChildJvmOptions;
import org.mailkeys.testing.Command;
import org.mailkeys.testing.RunningProgram;

/**
 * bin/mailkeys-server as an operator runs it ({@link TestJames#script}): a separate JVM, the extension loaded from the
 * runtime's extensions-jars/ (not from a class path), stopped with SIGTERM. Its listeners are moved by a port offset.
 * One object serves the successive runs of the script on the same runtime folder.
 */
public final class ScriptJames extends JamesWithShippedListeners {
    /** The script, named relative to the distribution's folder (the tests' working directory). */
    static final Path SCRIPT = Paths.get("../bin/mailkeys-server").toAbsolutePath().normalize();
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(120);
    /** The script's Web Key Directory listener (HTTPS, self-signed certificate), before the offset. */
    static final int WEB_KEY_DIRECTORY = 8443;

    private final Path runtime;
    private final int portOffset;
    private final Path stderr;
    private RunningProgram process;

    private ScriptJames(Path runtime, int portOffset) {
        super(ListenerPorts.DEFAULTS.shiftedBy(portOffset));
        this.runtime = runtime;
        this.portOffset = portOffset;
        this.stderr = runtime.resolveSibling(runtime.getFileName() + ".stderr");
    }

    /** A server for this runtime folder, on a port offset whose ports are all free now. */
    static ScriptJames forRuntime(Path runtime) {
        for (int attempt = 0; attempt < 20; attempt++) {
            int offset = 20000 + ThreadLocalRandom.current().nextInt(30000);
            if (allFree(offset)) {
                return new ScriptJames(runtime, offset);
            }
        }
        throw new IllegalStateException("no free port offset found");
    }

    public int webKeyDirectoryPort() {
        return WEB_KEY_DIRECTORY + portOffset;
    }

    /** Starts the script and waits until it reports every listener up. */
    public ScriptJames start() throws IOException {
        process = Command.of("bash", SCRIPT.toString())
            .stdoutTo(runtime.resolveSibling(runtime.getFileName() + ".stdout"))
            .stderrTo(stderr)
            .env("MAILKEYS_HOME", runtime.toString())
            .env("MAILKEYS_PORT_OFFSET", Integer.toString(portOffset))
            .env("MAILKEYS_NO_BUILD", "1")
            .env("MAILKEYS_JAVA_OPTS", ChildJvmOptions.line())
            .start();
        await().atMost(JamesJvm.START_TIMEOUT).pollInterval(Duration.ofMillis(200))
            .until(() -> stderrText().contains("James is up") || !process.isAlive());
        if (!process.isAlive()) {
            throw new IOException("bin/mailkeys-server exited with " + process.exitValue() + ": " + stderrText());
        }
        return this;
    }

    /** SIGTERM, as Ctrl-C or a service manager would; returns the script's exit status. */
    public int stop() {
        int status = process.stop(STOP_TIMEOUT);
        if (status == RunningProgram.KILLED) {
            throw new IllegalStateException("bin/mailkeys-server did not stop within " + STOP_TIMEOUT);
        }
        return status;
    }

    /** SIGKILL to James and the script, as a power cut or the kernel's out-of-memory killer would; waits until they are gone. */
    @Override
    public void kill() {
        process.kill();
    }

    /** What the script and James wrote to standard error: the script's progress lines ("James is up"...). */
    public String stderrText() throws IOException {
        return Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8) : "";
    }

    @Override
    public String log() throws IOException {
        return stderrText();
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop(STOP_TIMEOUT);
        }
    }

    private static boolean allFree(int offset) {
        int[] shipped = Arrays.copyOf(ListenerPorts.DEFAULTS.all(), ListenerPorts.DEFAULTS.all().length + 1);
        shipped[shipped.length - 1] = WEB_KEY_DIRECTORY;
        for (int port : shipped) {
            try (ServerSocket socket = new ServerSocket(port + offset, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
