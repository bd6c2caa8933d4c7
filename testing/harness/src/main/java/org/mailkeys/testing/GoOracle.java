package org.mailkeys.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The key log's independent oracle, the Go program of {@code /go-oracle/} (oracle.go and vrf.go; their header says
 * what they check and read): Go's own {@code golang.org/x/mod/sumdb/note} and {@code sumdb/tlog} (Debian's
 * golang-golang-x-mod-dev, GOPATH mode) for C2SP checkpoints, tiles and proofs, and an ECVRF-P256-SHA256-TAI
 * verifier written from RFC 9381 for the labels, which checks itself against RFC 9381 Appendix B.1 on every run.
 * Kept here, once, so that every module's tests build the same sources.
 */
public final class GoOracle {
    private static final List<String> SOURCES = List.of("oracle.go", "vrf.go");
    private static final Duration BUILD = Duration.ofMinutes(5);
    private static final Duration CHECK = Duration.ofMinutes(2);

    private final Path program;

    private GoOracle(Path program) {
        this.program = program;
    }

    /** Builds the oracle in {@code folder} (made if missing); needs Go and golang-golang-x-mod-dev. */
    public static GoOracle build(Path folder) throws IOException, InterruptedException {
        Path go = ExternalPrograms.executable("go").orElseThrow(
            () -> new IllegalStateException("Go is needed: apt-get install golang-go golang-golang-x-mod-dev"));
        Files.createDirectories(folder);
        for (String name : SOURCES) {
            try (InputStream source = GoOracle.class.getResourceAsStream("/go-oracle/" + name)) {
                if (source == null) {
                    throw new IllegalStateException("no /go-oracle/" + name + " on the class path");
                }
                Files.write(folder.resolve(name), source.readAllBytes());
            }
        }
        Map<String, String> gopathMode = Map.of("GOPATH", "/usr/share/gocode", "GO111MODULE", "off", "GOFLAGS", "",
            "GOCACHE", folder.resolve("gocache").toString());
        ExternalPrograms.run(folder, gopathMode, BUILD, go.toString(), "build", "-o", "oracle", "oracle.go", "vrf.go");
        return new GoOracle(folder.resolve("oracle"));
    }

    /**
     * Checks a log folder as served ({@code keys}, {@code checkpoint}, {@code tile/...}) and the lines of its
     * {@code proofs} file; the OK lines, or an exception whose message holds the FAIL line.
     */
    public String checkLog(Path log, String origin) throws IOException, InterruptedException {
        return ExternalPrograms.run(log, Map.of(), CHECK, program.toString(), log.toString(), origin);
    }

    /**
     * Checks {@code vrf <public key> <address> <pi> <label or ->} lines (all base64); the OK lines, or an exception
     * whose message holds the FAIL line.
     */
    public String checkVrf(Path lines) throws IOException, InterruptedException {
        return ExternalPrograms.run(lines.getParent(), Map.of(), CHECK, program.toString(), "vrf",
            lines.toAbsolutePath().toString());
    }
}
