package org.mailkeys.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class MerkleProofsTest {
    @Test
    void integratedTilesShouldGiveTheRootOfTheDefinitionAtEverySize() throws IOException {
        TestLog log = new TestLog();
        Random random = new Random(1);
        while (log.size() < 1400) {
            log.append(1 + random.nextInt(random.nextBoolean() ? 3 : 300));
            assertThat(log.root).as("size %d", log.size()).isEqualTo(TestLog.naiveRoot(log.entries));
            assertThat(MerkleProofs.root(log.hashes(), log.size())).isEqualTo(log.root);
        }
    }

    @Test
    void everyInclusionProofShouldVerifyAndNoOtherLeafShould() throws IOException {
        for (int size : new int[] {1, 2, 3, 7, 8, 255, 256, 257, 513}) {
            TestLog log = new TestLog();
            log.append(size);
            for (int index = 0; index < size; index += Math.max(1, size / 37)) {
                List<byte[]> proof = MerkleProofs.inclusion(log.hashes(), index, size);
                byte[] leaf = MerkleHash.leaf(TestLog.entry(index));
                assertThat(ProofVerifier.verifyInclusion(index, size, leaf, proof, log.root)).isTrue();
                assertThat(ProofVerifier.verifyInclusion(index, size, MerkleHash.leaf(TestLog.entry(index + 1)),
                    proof, log.root)).isFalse();
                if (size > 1) {
                    assertThat(ProofVerifier.verifyInclusion((index + 1) % size, size, leaf, proof, log.root))
                        .isFalse();
                }
            }
        }
    }

    @Test
    void everyConsistencyProofShouldVerifyAndAForkShouldNot() throws IOException {
        TestLog log = new TestLog();
        List<Long> sizes = new ArrayList<>();
        List<byte[]> roots = new ArrayList<>();
        for (int step : new int[] {1, 1, 2, 4, 9, 50, 189, 1, 255, 300}) {
            log.append(step);
            sizes.add(log.size());
            roots.add(log.root);
        }
        for (int i = 0; i < sizes.size(); i++) {
            for (int j = i; j < sizes.size(); j++) {
                List<byte[]> proof = MerkleProofs.consistency(log.hashes(), sizes.get(i), sizes.get(j));
                assertThat(ProofVerifier.verifyConsistency(sizes.get(i), sizes.get(j), roots.get(i), roots.get(j),
                    proof)).as("%d to %d", sizes.get(i), sizes.get(j)).isTrue();
                if (i != j) {
                    byte[] forked = roots.get(i).clone();
                    forked[0] ^= 1;
                    assertThat(ProofVerifier.verifyConsistency(sizes.get(i), sizes.get(j), forked, roots.get(j),
                        proof)).isFalse();
                }
            }
        }
    }

    @Test
    void theAuditorShouldAcceptAnIntactLogAndFindATamperedEntry() throws IOException {
        TestLog log = new TestLog();
        log.append(300);
        log.append(450);
        assertThat(LogAuditor.audit(log, new Checkpoint("o", 750, log.root))).hasSize(750);
        TileId bundle = TileId.entries(1, 256);
        byte[] tampered = log.tiles.get(bundle);
        tampered[tampered.length - 2] ^= 1;
        assertThatThrownBy(() -> LogAuditor.audit(log, new Checkpoint("o", 750, log.root)))
            .hasMessageContaining("does not match");
    }

    @Test
    void aTamperedTileShouldBeFoundByTheAuditorAndFailProofs() throws IOException {
        TestLog log = new TestLog();
        log.append(700);
        byte[] root = log.root;
        TileId leaves = TileId.hashes(0, 1, 256);
        log.tiles.get(leaves)[5] ^= 1;
        assertThatThrownBy(() -> LogAuditor.audit(log, new Checkpoint("o", 700, root)))
            .hasMessageContaining("tile/0/001");
        byte[] proofLeaf = MerkleHash.leaf(TestLog.entry(300));
        List<byte[]> proof = MerkleProofs.inclusion(log.hashes(), 300, 700);
        assertThat(ProofVerifier.verifyInclusion(300, 700, proofLeaf, proof, root)).isFalse();
        log.tiles.put(leaves, new byte[31]);
        assertThatThrownBy(() -> MerkleProofs.inclusion(log.hashes(), 300, 700)).isInstanceOf(IOException.class);
    }

    @Test
    void aTlogProofAtAMillionEntriesShouldStayUnderOneAndAHalfKibibytes() throws IOException {
        String origin = "openpgpkey.mail.example.net/mailkeys-log";
        NoteSigner signer = NoteSigner.generate(origin, new java.security.SecureRandom());
        byte[] entry = new LogEntry(new byte[32], Long.MAX_VALUE, LogEntry.Change.REPLACED,
            java.util.Optional.of(new byte[32]), java.time.Instant.parse("2026-12-05T03:00:00Z")).bytes();
        HashSource any = (height, index) -> new byte[MerkleHash.SIZE];
        String note = signer.sign(new Checkpoint(origin, 1_000_000, new byte[32]).text());
        TlogProof proof = new TlogProof(java.util.Optional.of(entry), 0, MerkleProofs.inclusion(any, 0, 1_000_000),
            note);
        int bytes = proof.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        // the figure log_proof_bytes_1m (BENCHMARKS.md): the answer's block adds 22 + 113 bytes (header, vrf line)
        System.out.println("log_proof_bytes_1m " + bytes);
        assertThat(bytes).isLessThan(1536);
    }

    @Test
    void aProofAtAMillionEntriesShouldStayUnderOneAndAHalfKibibytes() throws IOException {
        // the hashes of complete subtrees at a million leaves: only their number matters for the size
        HashSource any = (height, index) -> new byte[MerkleHash.SIZE];
        int longest = 0;
        for (long index : new long[] {0, 123_456, 524_287, 999_999}) {
            longest = Math.max(longest, MerkleProofs.inclusion(any, index, 1_000_000).size());
        }
        assertThat(longest).isEqualTo(20);
        // each hash is a 44-character base64 line and its newline; the rest of the proof text is under 300 bytes
        assertThat(longest * 45).isLessThan(1536 - 300);
    }
}
