package org.mailkeys.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.mailkeys.testing.Command;
import org.mailkeys.testing.RunningProgram;

/**
 * nginx (the Debian package) serving a folder as the advanced method's {@code /.well-known/openpgpkey/} over plain
 * HTTP or HTTPS, the way an operator would serve the file store's WKD copies: the peer of the WKD listener; or
 * serving one armored key file per address under {@code /pks/lookup?search=ADDRESS}: the peer of the agent's HKP
 * listener.
 */
final class Nginx implements AutoCloseable {
    static final Path EXECUTABLE = Path.of("/usr/sbin/nginx");

    private final RunningProgram process;
    private final InetSocketAddress address;

    private Nginx(RunningProgram process, InetSocketAddress address) {
        this.process = process;
        this.address = address;
    }

    static boolean installed() {
        return Files.isExecutable(EXECUTABLE);
    }

    /** Starts nginx on {@code address} with {@code root} as the folder under /.well-known/openpgpkey/. */
    static Nginx serve(Path root, InetSocketAddress address, Path prefix) throws IOException, InterruptedException {
        return start(address, prefix, "", wkdLocation(root));
    }

    /**
     * The same over TLS with the certificate and key of PEM files: TLS 1.3 and 1.2, as the WKD listener offers.
     * nginx's default session cache and tickets stay as shipped; the benchmark's clients never resume a session,
     * as GnuPG's dirmngr does not.
     */
    static Nginx serveTls(Path root, InetSocketAddress address, Path prefix, Path certificatePem, Path keyPem)
        throws IOException, InterruptedException {
        return start(address, prefix, " ssl;\n    ssl_certificate " + certificatePem.toAbsolutePath() + ";\n"
            + "    ssl_certificate_key " + keyPem.toAbsolutePath() + ";\n    ssl_protocols TLSv1.2 TLSv1.3", wkdLocation(root));
    }

    /**
     * HKP's {@code GET /pks/lookup?op=get&search=ADDRESS} (draft-shaw-openpgp-hkp-00 3.1) answered with the file
     * {@code keys/ADDRESS} under {@code root}, 404 without one: the files are written with the bytes the agent answers.
     */
    static Nginx serveHkp(Path root, InetSocketAddress address, Path prefix) throws IOException, InterruptedException {
        return start(address, prefix, "", String.join("\n",
            "    location = /pks/lookup {",
            "      root " + root.toAbsolutePath() + ";",
            "      default_type application/pgp-keys;",
            "      add_header Cache-Control no-store always;",
            "      try_files /keys/$arg_search =404;",
            "    }"));
    }

    private static String wkdLocation(Path root) {
        return String.join("\n",
            "    location /.well-known/openpgpkey/ {",
            "      alias " + root.toAbsolutePath() + "/;",
            "      default_type application/octet-stream;",
            "      add_header Access-Control-Allow-Origin * always;",
            "    }");
    }

    private static Nginx start(InetSocketAddress address, Path prefix, String listenOptions, String location)
        throws IOException, InterruptedException {
        Files.createDirectories(prefix.resolve("logs"));
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, String.join("\n",
            "worker_processes auto;",
            // as root, nginx's workers would otherwise run as nobody, who cannot read a private temporary folder
            "user root;",
            "pid " + prefix.resolve("nginx.pid") + ";",
            "error_log " + prefix.resolve("logs/error.log") + " warn;",
            "events { worker_connections 1024; }",
            "http {",
            "  access_log off;",
            "  client_body_temp_path " + prefix.resolve("client_body") + ";",
            "  proxy_temp_path " + prefix.resolve("proxy") + ";",
            "  fastcgi_temp_path " + prefix.resolve("fastcgi") + ";",
            "  uwsgi_temp_path " + prefix.resolve("uwsgi") + ";",
            "  scgi_temp_path " + prefix.resolve("scgi") + ";",
            "  server {",
            "    listen " + address.getHostString() + ":" + address.getPort() + listenOptions + ";",
            location,
            "  }",
            "}", ""), StandardCharsets.US_ASCII);
        RunningProgram process = Command.of(EXECUTABLE.toString(), "-p", prefix.toString(), "-c", conf.toString(),
            "-g", "daemon off;")
            .outputTo(prefix.resolve("logs/output.log"))
            .start();
        Nginx nginx = new Nginx(process, address);
        nginx.awaitListening();
        return nginx;
    }

    InetSocketAddress address() {
        return address;
    }

    private void awaitListening() throws IOException {
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) {
                    throw new IOException("nginx exited with " + process.exitValue());
                }
                try (Socket socket = new Socket()) {
                    socket.connect(address, 1000);
                    return true;
                } catch (IOException notYet) {
                    return false;
                }
            });
        } catch (ConditionTimeoutException e) {
            close();
            throw new IOException("nginx did not listen on " + address, e);
        }
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
    }
}
