package org.mailkeys.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

import org.mailkeys.testing.Command;
import org.mailkeys.testing.RunningProgram;

/**
 * HTTPS lookups as GnuPG's dirmngr makes them: one request per connection, each connection a full TLS handshake (no
 * session resumed: dirmngr keeps no TLS session between requests), from a C TLS stack. curl (OpenSSL) fetches a list
 * of random keys' URLs with {@code --no-sessionid} and {@code Connection: close}, {@code connections} transfers at a
 * time (two processes above one connection, so that the client gets both cores as the servers do); each transfer's
 * status and body length are checked. Returns the seconds the whole list took, process start included (a few
 * milliseconds, the same on every side).
 */
final class CurlLoad {
    static final String HOST = "openpgpkey.example.net";
    private static final Path CURL = Path.of("/usr/bin/curl");

    private CurlLoad() {
    }

    static boolean installed() {
        return Files.isExecutable(CURL);
    }

    static double seconds(InetSocketAddress server, Path caPem, Path folder, int connections, int requests, int keys,
                          IntFunction<String> target, int expectedBodyLength, long seed) throws Exception {
        int processes = connections == 1 ? 1 : 2;
        SplittableRandom random = new SplittableRandom(seed);
        List<Path> configs = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            StringBuilder config = new StringBuilder();
            for (int i = p; i < requests; i += processes) {
                config.append("url = \"https://").append(HOST).append(':').append(server.getPort())
                    .append(target.apply(random.nextInt(keys))).append("\"\noutput = \"/dev/null\"\n");
            }
            Path file = folder.resolve("curl-" + seed + "-" + p + ".conf");
            Files.writeString(file, config, StandardCharsets.US_ASCII);
            configs.add(file);
        }
        List<RunningProgram> running = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int p = 0; p < processes; p++) {
                Path output = folder.resolve("curl-" + seed + "-" + p + ".out");
                outputs.add(output);
                List<String> command = new ArrayList<>(List.of(CURL.toString(), "--silent", "--show-error", "--http1.1",
                    "--no-sessionid", "--cacert", caPem.toString(), "--resolve",
                    HOST + ":" + server.getPort() + ":" + server.getHostString(), "--header", "Connection: close",
                    "--write-out", "%{http_code} %{size_download}\\n", "--config", configs.get(p).toString()));
                if (connections > 1) {
                    command.addAll(List.of("--parallel", "--parallel-immediate", "--parallel-max",
                        Integer.toString(connections / processes)));
                }
                running.add(Command.of(command).stdoutTo(output).stderrTo(errors(output)).start());
            }
            for (RunningProgram process : running) {
                if (!process.waitFor(Duration.ofMinutes(5))) {
                    throw new IOException("curl did not finish within 5 minutes");
                }
                if (process.exitValue() != 0) {
                    throw new IOException("curl failed (" + process.exitValue() + "): "
                        + Files.readString(errors(outputs.get(running.indexOf(process)))).strip());
                }
            }
        } finally {
            running.forEach(RunningProgram::close);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        check(outputs, requests, expectedBodyLength);
        return seconds;
    }

    private static Path errors(Path output) {
        return output.resolveSibling(output.getFileName() + ".err");
    }

    private static void check(List<Path> outputs, int requests, int expectedBodyLength) throws IOException {
        String expected = "200 " + expectedBodyLength;
        int answered = 0;
        for (Path output : outputs) {
            for (String line : Files.readAllLines(output, StandardCharsets.US_ASCII)) {
                if (!line.equals(expected)) {
                    throw new IOException("unexpected answer: " + line + " (expected " + expected + ")");
                }
                answered++;
            }
        }
        if (answered != requests) {
            throw new IOException(String.format(Locale.ROOT, "curl answered %d of %d requests", answered, requests));
        }
    }
}
