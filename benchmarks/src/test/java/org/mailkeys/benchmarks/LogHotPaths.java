package org.mailkeys.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.mailkeys.client.LogDirectory;
import org.mailkeys.client.LogKeyPins;
import org.mailkeys.client.LogProofChecker;
import org.mailkeys.client.LogState;
import org.mailkeys.client.Transparency;
import org.mailkeys.client.TransparencyCheck;
import org.mailkeys.transparency.LogProofBlock;
import org.mailkeys.transparency.LogPublicKeys;
import org.mailkeys.transparency.TileReader;
import org.mailkeys.transparency.VrfPrivateKey;
import org.mailkeys.transparency.VrfPublicKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The key log's hot paths in JMH, on the log of {@link BenchmarkKeyLog#SIZE} entries kept in the file log storage:
 * the ECVRF proof of an address's label (RFC 9381, P-256: the KST makes one per version-2 answer) and its
 * verification (the client's first check); the client's whole check of a version-2 answer's proof block
 * ({@link LogProofChecker}: the block parsed, the VRF proof, the signed checkpoint, the entry against the key received,
 * the inclusion proof, the checkpoint against the one seen before, read from and written to its state folder); and
 * the tile reads of one inclusion proof from {@code FileLogStorage} (the tiles the KST reads for a proof, in the
 * page cache after the first round), by entry at the start, the middle and the right edge in turn.
 * {@link #setUp} checks each result, so that a fast wrong answer is not timed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LogHotPaths {
    private static final long[] PROOF_INDEXES = {0, 524_287, BenchmarkKeyLog.SIZE - 1};

    private BenchmarkKeyLog log;
    private VrfPrivateKey vrf;
    private VrfPublicKey vrfPublic;
    private byte[] alpha;
    private byte[] vrfProof;
    private byte[] keyBytes;
    private String blockText;
    private LogProofChecker checker;
    private Path stateFolder;
    private int next;

    @Setup
    public void setUp() throws IOException {
        log = BenchmarkKeyLog.inFiles(BenchmarkSettings.CACHE);
        vrf = log.keys().vrf();
        vrfPublic = vrf.publicKey();
        alpha = BenchmarkKeyLog.alpha();
        vrfProof = vrf.prove(alpha);
        keyBytes = BenchmarkKeyLog.keyBytes();
        blockText = LogProofBlock.withEntry(vrfProof, log.proof(BenchmarkKeyLog.SIZE - 1)).text();

        LogPublicKeys publicKeys = new LogPublicKeys(log.keys().signer().verifier(), vrfPublic);
        stateFolder = Files.createTempDirectory("mailkeys-bench-log-state");
        LogState state = new LogState(stateFolder, Clock.systemUTC());
        LogDirectory directory = new ServedLog(publicKeys, log);
        checker = new LogProofChecker(new LogKeyPins(directory, state, Optional.of(publicKeys)), state, directory);

        check(Arrays.equals(vrfPublic.verify(alpha, vrfProof).orElseThrow(), vrf.hash(alpha)), "VRF proof verifies");
        check(vrfPublic.verify(alpha, vrf.prove("bob@example.net".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEmpty(),
            "another address's VRF proof refused");
        check(logProofCheck().status() == Transparency.VERIFIED, "first answer verified");
        TransparencyCheck.Verdict again = logProofCheck();
        check(again.status() == Transparency.VERIFIED && again.reason().contains("seen before"), "second answer verified: " + again.reason());
        check(checker.check(BenchmarkKeyLog.ADDRESS, Optional.of(new byte[] {1, 2, 3}), LogProofBlock.parse(blockText))
            .status() != Transparency.VERIFIED, "another key refused");
        check(tileRead().size() == 20, "20 hashes at a million entries");
    }

    @TearDown
    public void tearDown() throws IOException {
        try (var paths = Files.walk(stateFolder)) {
            for (Path path : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }

    @Benchmark
    public byte[] vrfProve() {
        return vrf.prove(alpha);
    }

    @Benchmark
    public Optional<byte[]> vrfVerify() {
        return vrfPublic.verify(alpha, vrfProof);
    }

    @Benchmark
    public TransparencyCheck.Verdict logProofCheck() {
        return checker.check(BenchmarkKeyLog.ADDRESS, Optional.of(keyBytes), LogProofBlock.parse(blockText));
    }

    @Benchmark
    public List<byte[]> tileRead() throws IOException {
        next = (next + 1) % PROOF_INDEXES.length;
        return log.inclusionPath(PROOF_INDEXES[next]);
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("wrong result: " + what);
        }
    }

    /** The log as its web host serves it: keys, checkpoint and tiles (no DNSSEC record). */
    private static final class ServedLog implements LogDirectory {
        private final LogPublicKeys keys;
        private final BenchmarkKeyLog log;

        ServedLog(LogPublicKeys keys, BenchmarkKeyLog log) {
            this.keys = keys;
            this.log = log;
        }

        @Override
        public Optional<LogPublicKeys> dnssecKeys(String domain) {
            return Optional.empty();
        }

        @Override
        public LogPublicKeys servedKeys(String domain) {
            return keys;
        }

        @Override
        public String servedCheckpoint(String domain) {
            return log.checkpoint();
        }

        @Override
        public TileReader tiles(String domain, int maxTiles) {
            return log.tiles();
        }
    }
}
