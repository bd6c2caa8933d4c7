package org.mailkeys.distribution;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.mailkeys.testing.ChildJvmOptions;
import org.mailkeys.testing.Command;
import org.mailkeys.testing.RunningProgram;
import org.mailkeys.testing.WebAdmin;

/**
 * bin/mailkeys-server as an operator runs it: a separate JVM, the extension loaded from the runtime's
 * extensions-jars/ (not from a class path), stopped with SIGTERM. Its listeners are moved by a port offset.
 */
final class PackagedServer implements AutoCloseable {
    static final Path SCRIPT = Paths.get("../bin/mailkeys-server").toAbsolutePath().normalize();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    /** The script's Web Key Directory listener (HTTPS, self-signed certificate), before the offset. */
    static final int WEB_KEY_DIRECTORY = 8443;

    private final Path runtime;
    private final int portOffset;
    private final Path stderr;
    private RunningProgram process;

    private PackagedServer(Path runtime, int portOffset) {
        this.runtime = runtime;
        this.portOffset = portOffset;
        this.stderr = runtime.resolveSibling(runtime.getFileName() + ".stderr");
    }

    /** A server for this runtime folder, on a port offset whose six ports are free now. */
    static PackagedServer forRuntime(Path runtime) {
        for (int attempt = 0; attempt < 20; attempt++) {
            int offset = 20000 + ThreadLocalRandom.current().nextInt(30000);
            if (allFree(offset)) {
                return new PackagedServer(runtime, offset);
            }
        }
        throw new IllegalStateException("no free port offset found");
    }

    ListenerPorts ports() {
        ListenerPorts shipped = ListenerPorts.DEFAULTS;
        return new ListenerPorts(shipped.smtpMx + portOffset, shipped.submission + portOffset, shipped.submissions + portOffset,
            shipped.imap + portOffset, shipped.imaps + portOffset, shipped.webAdmin + portOffset);
    }

    int webKeyDirectoryPort() {
        return WEB_KEY_DIRECTORY + portOffset;
    }

    /** Starts the script and waits until it reports every listener up. */
    PackagedServer start() throws IOException {
        process = Command.of("bash", SCRIPT.toString())
            .stdoutTo(runtime.resolveSibling(runtime.getFileName() + ".stdout"))
            .stderrTo(stderr)
            .env("MAILKEYS_HOME", runtime.toString())
            .env("MAILKEYS_PORT_OFFSET", Integer.toString(portOffset))
            .env("MAILKEYS_NO_BUILD", "1")
            .env("MAILKEYS_JAVA_OPTS", ChildJvmOptions.line())
            .start();
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
            .until(() -> stderrText().contains("James is up") || !process.isAlive());
        if (!process.isAlive()) {
            throw new IOException("bin/mailkeys-server exited with " + process.exitValue() + ": " + stderrText());
        }
        return this;
    }

    /** SIGTERM, as Ctrl-C or a service manager would; returns the script's exit status. */
    int stop() {
        int status = process.stop(Duration.ofSeconds(120));
        if (status == RunningProgram.KILLED) {
            throw new IllegalStateException("bin/mailkeys-server did not stop within 120 s");
        }
        return status;
    }

    /** SIGKILL to James and the script, as a power cut or the kernel's out-of-memory killer would; waits until they are gone. */
    void kill() {
        process.kill();
    }

    String stderrText() throws IOException {
        return Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8) : "";
    }

    /** Adds a domain and users through WebAdmin, as the script's hint tells an operator. */
    void addDomainAndUsers(String domain, String... addresses) throws IOException, InterruptedException {
        WebAdmin webAdmin = new WebAdmin(ports().webAdmin);
        webAdmin.addDomain(domain);
        for (String address : addresses) {
            webAdmin.addUser(address, MailKeysServer.PASSWORD);
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop(Duration.ofSeconds(120));
        }
    }

    private static boolean allFree(int offset) {
        int[] shipped = java.util.Arrays.copyOf(ListenerPorts.DEFAULTS.all(), ListenerPorts.DEFAULTS.all().length + 1);
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
