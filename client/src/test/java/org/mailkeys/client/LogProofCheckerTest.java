package org.mailkeys.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.transparency.LogEntry;
import org.mailkeys.transparency.LogProofBlock;
import org.mailkeys.transparency.TlogProof;

/** The client's checks of version-2 answers, against logs built in the test by the transparency module. */
class LogProofCheckerTest {
    private static final String ALICE = "alice@example.net";
    private static final byte[] KEY = "alice's key bytes".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path state;

    private final LogFixture log = new LogFixture();

    private LogProofChecker checker(LogDirectory directory) {
        return checker(directory, Optional.empty());
    }

    private LogProofChecker checker(LogDirectory directory, Optional<org.mailkeys.transparency.LogPublicKeys> byHand) {
        LogState logState = new LogState(state.resolve("log"), Clock.systemUTC());
        return new LogProofChecker(new LogKeyPins(directory, logState, byHand), logState, directory);
    }

    private TransparencyCheck.Verdict lookup(LogDirectory directory, LogProofBlock block) {
        return checker(directory).check(ALICE, Optional.of(KEY), Optional.of(block));
    }

    private long aliceInLog() {
        log.filler(1);
        log.filler(2);
        long index = log.publish(ALICE, KEY);
        log.filler(3);
        return index;
    }

    @Test
    void aKeyWhoseEntryIsInTheSignedLogIsVerifiedAndTheKeysAndCheckpointArePinned() {
        long index = aliceInLog();

        TransparencyCheck.Verdict verdict = lookup(log, log.block(ALICE, index));

        assertThat(verdict.status()).isEqualTo(Transparency.VERIFIED);
        assertThat(verdict.reason()).contains("entry 2 of " + LogFixture.ORIGIN).contains("size 4");
        assertThat(Files.exists(state.resolve("log/example.net/keys"))).isTrue();
        assertThat(new LogState(state.resolve("log"), Clock.systemUTC()).checkpoint("example.net")).contains(log.checkpoint());
    }

    @Test
    void anAnswerWithoutProofIsNotOffered() {
        TransparencyCheck.Verdict verdict = checker(log).check(ALICE, Optional.of(KEY), Optional.empty());

        assertThat(verdict.status()).isEqualTo(Transparency.NOT_OFFERED);
        assertThat(verdict.tampered()).isFalse();
    }

    @Test
    void anAnswerWithoutProofFromADomainWhoseLogKeysArePinnedIsADowngrade() {
        long index = aliceInLog();
        assertThat(lookup(log, log.block(ALICE, index)).status()).isEqualTo(Transparency.VERIFIED);

        TransparencyCheck.Verdict verdict = checker(log).check(ALICE, Optional.of(KEY), Optional.empty());

        assertThat(verdict.status()).isEqualTo(Transparency.FAILED);
        assertThat(verdict.tampered()).isTrue();
        assertThat(verdict.reason()).contains("downgrade");
    }

    @Test
    void anAnswerWithoutProofFromADomainThatAnnouncesALogInDnssecIsADowngrade() {
        log.dnssec = Optional.of(log.keys());

        TransparencyCheck.Verdict verdict = checker(log).check(ALICE, Optional.empty(), Optional.empty());

        assertThat(verdict.tampered()).isTrue();
        assertThat(verdict.reason()).contains("downgrade");
    }

    @Test
    void aKeyThatIsNotTheOneInTheLogIsTampered() {
        long index = aliceInLog();

        TransparencyCheck.Verdict verdict = checker(log).check(ALICE, Optional.of("another key".getBytes(StandardCharsets.US_ASCII)),
                Optional.of(log.block(ALICE, index)));

        assertThat(verdict.tampered()).isTrue();
        assertThat(verdict.reason()).contains("another key");
    }

    @Test
    void anEntryOfAnotherAddressIsTampered() {
        log.publish("mallory@example.net", KEY);
        long malloryIndex = log.entries.size() - 1;
        // the VRF proof is Alice's, the entry Mallory's (who published Alice's key bytes)
        LogProofBlock block = LogProofBlock.withEntry(log.block(ALICE, malloryIndex).vrfProof(), log.proof(malloryIndex));

        TransparencyCheck.Verdict verdict = lookup(log, block);

        assertThat(verdict.tampered()).isTrue();
        assertThat(verdict.reason()).contains("another address");
    }

    @Test
    void aVrfProofForAnotherAddressIsTampered() {
        long index = aliceInLog();
        LogProofBlock block = LogProofBlock.withEntry(log.block("bob@example.net", index).vrfProof(), log.proof(index));

        assertThat(lookup(log, block).reason()).contains("VRF proof does not verify");
    }

    @Test
    void aDeletionEntryForAnAnswerWithAKeyIsTampered() {
        long index = log.append(new LogEntry(log.label(ALICE), 2, LogEntry.Change.DELETED, Optional.empty(), Instant.now()));

        assertThat(lookup(log, log.block(ALICE, index)).reason()).contains("deletion");
    }

    @Test
    void anInclusionProofForAnotherIndexIsTampered() {
        long index = aliceInLog();
        TlogProof good = log.proof(index);
        TlogProof moved = new TlogProof(good.extra(), index + 1, good.hashes(), good.checkpointNote());
        LogProofBlock block = LogProofBlock.withEntry(log.block(ALICE, index).vrfProof(), moved);

        TransparencyCheck.Verdict verdict = lookup(log, block);

        assertThat(verdict.tampered()).isTrue();
        assertThat(verdict.reason()).contains("inclusion proof");
    }

    @Test
    void aCheckpointSignedByAnotherKeyIsTamperedWhileTheDomainServesThePinnedKeys() {
        long index = aliceInLog();
        lookup(log, log.block(ALICE, index)); // pins the keys
        LogFixture impostor = new LogFixture();
        long forged = impostor.publish(ALICE, KEY);
        impostor.served = log.keys(); // the domain still serves the genuine keys

        TransparencyCheck.Verdict verdict = lookup(impostor, LogProofBlock.withEntry(log.block(ALICE, index).vrfProof(),
                impostor.proof(forged)));

        assertThat(verdict.tampered()).isTrue();
    }

    @Test
    void aChangedLogKeyIsReportedAndNotTakenSilently() {
        long index = aliceInLog();
        lookup(log, log.block(ALICE, index));
        LogFixture rotated = new LogFixture();
        long again = rotated.publish(ALICE, KEY);

        TransparencyCheck.Verdict verdict = lookup(rotated, rotated.block(ALICE, again));

        assertThat(verdict.status()).isEqualTo(Transparency.FAILED);
        assertThat(verdict.tampered()).isFalse();
        assertThat(verdict.reason()).contains("log keys of example.net changed").contains("--log-keys");
        assertThat(new LogState(state.resolve("log"), Clock.systemUTC()).keys("example.net")).contains(log.keys());
    }

    @Test
    void aDnssecRecordNamingOtherKeysThanThePinnedOnesIsReported() {
        long index = aliceInLog();
        lookup(log, log.block(ALICE, index));
        log.dnssec = Optional.of(new LogFixture().keys());

        TransparencyCheck.Verdict verdict = lookup(log, log.block(ALICE, index));

        assertThat(verdict.status()).isEqualTo(Transparency.FAILED);
        assertThat(verdict.reason()).contains("DNSSEC-validated _mailkeys-log record");
    }

    @Test
    void keysGivenByHandArePinnedAndUsed() {
        long index = aliceInLog();
        log.served = new LogFixture().keys(); // the web host lies; the user knows better
        LogState logState = new LogState(state.resolve("log"), Clock.systemUTC());

        TransparencyCheck.Verdict verdict = checker(log, Optional.of(log.keys()))
                .check(ALICE, Optional.of(KEY), Optional.of(log.block(ALICE, index)));

        assertThat(verdict.status()).isEqualTo(Transparency.VERIFIED);
        assertThat(logState.keys("example.net")).contains(log.keys());
    }

    @Test
    void aGrowingLogIsProvedConsistentFromItsTilesAndTheNewerCheckpointKept() {
        long index = aliceInLog();
        lookup(log, log.block(ALICE, index));
        for (int i = 10; i < 300; i++) {
            log.filler(i);
        }

        TransparencyCheck.Verdict verdict = lookup(log, log.block(ALICE, index));

        assertThat(verdict.status()).isEqualTo(Transparency.VERIFIED);
        assertThat(verdict.reason()).contains("consistent with size 4 seen before");
        assertThat(log.tileReads).isBetween(1, LogProofChecker.MAX_TILES_PER_PROOF);
        assertThat(new LogState(state.resolve("log"), Clock.systemUTC()).checkpoint("example.net")).contains(log.checkpoint());
    }

    @Test
    void aForkedLogIsTamperedAndBothCheckpointsAreKept() throws Exception {
        long index = aliceInLog();
        String seen = log.checkpoint();
        lookup(log, log.block(ALICE, index));
        LogFixture fork = log.sameKeys(); // same keys, other history: Alice's key replaced for this sender only
        fork.filler(1);
        fork.filler(2);
        fork.publish(ALICE, "another key".getBytes(StandardCharsets.US_ASCII));
        fork.filler(3);
        long forged = fork.publish(ALICE, KEY);

        TransparencyCheck.Verdict verdict = lookup(fork, fork.block(ALICE, forged));

        assertThat(verdict.tampered()).isTrue();
        assertThat(verdict.reason()).contains("fork");
        Path evidence = onlyEvidence();
        assertThat(Files.readString(evidence.resolve("seen-before.checkpoint"))).isEqualTo(seen);
        assertThat(Files.readString(evidence.resolve("presented.checkpoint"))).isEqualTo(fork.checkpoint());
        assertThat(new LogState(state.resolve("log"), Clock.systemUTC()).checkpoint("example.net")).contains(seen);
    }

    @Test
    void twoCheckpointsOfOneSizeWithDifferentRootsAreAFork() {
        long index = aliceInLog();
        lookup(log, log.block(ALICE, index));
        LogFixture fork = log.sameKeys();
        fork.filler(7);
        fork.filler(8);
        long forged = fork.publish(ALICE, KEY);
        fork.filler(9);

        TransparencyCheck.Verdict verdict = lookup(fork, fork.block(ALICE, forged));

        assertThat(verdict.tampered()).isTrue();
        assertThat(verdict.reason()).contains("two checkpoints of size 4");
    }

    @Test
    void aShrunkLogIsTampered() throws Exception {
        long index = aliceInLog();
        log.filler(4);
        lookup(log, log.block(ALICE, index)); // size 5 seen
        LogFixture shrunk = log.sameKeys(); // rewritten to 3 entries, the tiles of size 5 gone
        shrunk.filler(1);
        shrunk.filler(2);
        long forged = shrunk.publish(ALICE, KEY);

        TransparencyCheck.Verdict verdict = lookup(shrunk, shrunk.block(ALICE, forged));

        assertThat(verdict.tampered()).isTrue();
        assertThat(verdict.reason()).contains("shrank");
        assertThat(onlyEvidence()).isDirectory();
    }

    @Test
    void anOlderCheckpointThatIsAPrefixOfTheNewestSeenIsNoShrink() {
        long index = aliceInLog();
        LogProofBlock older = log.block(ALICE, index);
        log.filler(4);
        lookup(log, log.block(ALICE, index)); // size 5 seen first, the answer at size 4 read later

        TransparencyCheck.Verdict verdict = lookup(log, older);

        assertThat(verdict.status()).isEqualTo(Transparency.VERIFIED);
        assertThat(verdict.reason()).contains("a prefix of size 5");
    }

    @Test
    void aNotFoundAnswerIsCheckedAgainstTheSignedCheckpoint() {
        aliceInLog();

        TransparencyCheck.Verdict verdict = checker(log).check("bob@example.net", Optional.empty(),
                Optional.of(log.notFoundBlock("bob@example.net")));

        assertThat(verdict.status()).isEqualTo(Transparency.VERIFIED);
        assertThat(verdict.reason()).contains("no entry claimed");
    }

    private Path onlyEvidence() throws Exception {
        try (Stream<Path> cases = Files.list(state.resolve("log/example.net/evidence"))) {
            return cases.findFirst().orElseThrow();
        }
    }
}
