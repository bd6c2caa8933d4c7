package org.mailkeys.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.mailkeys.transparency.LogProofBlock;
import org.mailkeys.transparency.TlogProof;

/**
 * {@code log_proof_bytes_1m}: the bytes of the tlog-proof (c2sp.org/tlog-proof) of an entry in a key log of
 * 1,000,000 entries, as a version-2 answer carries it (docs/PROTOCOL.md 12.6): a 40-character origin, the entry in
 * {@code extra}, the inclusion hashes, the checkpoint signed once. The log is built in full by the project's
 * transparency code, in quick runs too (a few seconds of hashing), and each proof is verified against the
 * checkpoint before it is counted. The figure is the longest of the proofs of the first, a middle and the last entry;
 * the detail gives the whole proof block (its header and vrf line added) and the time the build took.
 */
final class LogProofSize {
    static final String FIGURE = "log_proof_bytes_1m";
    private static final long[] INDEXES = {0, 524_287, BenchmarkKeyLog.SIZE - 2, BenchmarkKeyLog.SIZE - 1};

    private LogProofSize() {
    }

    static void run(Results results) throws Exception {
        long start = System.nanoTime();
        BenchmarkKeyLog log = BenchmarkKeyLog.inMemory(BenchmarkKeyLog.SIZE);
        double buildSeconds = (System.nanoTime() - start) / 1e9;
        int longest = 0;
        long worst = -1;
        int hashes = 0;
        TlogProof worstProof = null;
        for (long index : INDEXES) {
            TlogProof proof = log.proof(index);
            if (proof.verify(proof.extra().orElseThrow(), log.keys().signer().verifier(), log.keys().origin()).isEmpty()) {
                throw new IllegalStateException("the proof of entry " + index + " does not verify");
            }
            int bytes = proof.text().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > longest) {
                longest = bytes;
                worst = index;
                hashes = proof.hashes().size();
                worstProof = proof;
            }
        }
        int block = LogProofBlock.withEntry(log.vrfProof(), worstProof).text().getBytes(StandardCharsets.UTF_8).length;
        results.add(Figure.measured(FIGURE, longest, "<= 1536", String.format(Locale.ROOT,
            "bytes of the tlog-proof of entry %d (%d hashes, entry of %d bytes in extra, origin of %d characters, one "
                + "signature), the longest of entries %s; the answer's whole proof block (header and vrf line) %d bytes; "
                + "log of %d entries built in memory by TileIntegrator in %.1f s",
            worst, hashes, worstProof.extra().orElseThrow().length, BenchmarkKeyLog.ORIGIN.length(),
            java.util.Arrays.toString(INDEXES), block, log.size(), buildSeconds)));
    }
}
