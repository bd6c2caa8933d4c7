package org.mailkeys.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.transparency.LogEntry;
import org.mailkeys.transparency.TileId;

/** {@code mailkeys log verify} and {@code log search} against logs built in the test. */
class LogAuditTest {
    private static final String ALICE = "alice@example.net";
    private static final byte[] KEY = "alice's key".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path state;

    private final LogFixture log = new LogFixture();

    private LogState logState() {
        return new LogState(state.resolve("log"), Clock.systemUTC());
    }

    private LogAudit audit(LogDirectory directory) {
        return new LogAudit(new LogKeyPins(directory, logState(), Optional.empty()), logState(), directory);
    }

    private void fill(int from, int to) {
        for (int i = from; i < to; i++) {
            log.filler(i);
        }
    }

    @Test
    void aWholeLogIsVerifiedFromItsTilesAndItsCheckpointKept() {
        fill(0, 600);

        LogAudit.Report report = audit(log).verify("example.net", false);

        assertThat(report.verdict().status()).isEqualTo(Transparency.VERIFIED);
        assertThat(report.entries()).hasSize(600);
        assertThat(logState().checkpoint("example.net")).contains(log.checkpoint());
    }

    @Test
    void sinceLastReadsOnlyAFewTiles() {
        fill(0, 600);
        audit(log).verify("example.net", false);
        fill(600, 700);
        log.tileReads = 0;

        LogAudit.Report report = audit(log).verify("example.net", true);

        assertThat(report.verdict().status()).isEqualTo(Transparency.VERIFIED);
        assertThat(report.verdict().reason()).contains("consistent with size 600");
        assertThat(log.tileReads).isLessThan(LogProofChecker.MAX_TILES_PER_PROOF);
    }

    @Test
    void aTamperedTileIsFound() {
        fill(0, 300);
        TileId tile = TileId.hashes(0, 0, TileId.WIDTH);
        byte[] bytes = log.tiles.get(tile);
        bytes[5] ^= 1;

        LogAudit.Report report = audit(log).verify("example.net", false);

        assertThat(report.verdict().tampered()).isTrue();
        assertThat(report.verdict().reason()).contains("does not match");
    }

    @Test
    void aForkSeenByTheAuditIsTampered() {
        fill(0, 10);
        audit(log).verify("example.net", true);
        LogFixture fork = log.sameKeys();
        for (int i = 100; i < 120; i++) {
            fork.filler(i);
        }

        LogAudit.Report report = audit(fork).verify("example.net", true);

        assertThat(report.verdict().tampered()).isTrue();
        assertThat(report.verdict().reason()).contains("fork");
    }

    @Test
    void searchListsTheEntriesOfAnAddressOnceItsLabelIsKnown() {
        fill(0, 5);
        long published = log.publish(ALICE, KEY);
        fill(5, 10);
        log.append(new LogEntry(log.label(ALICE), 2, LogEntry.Change.DELETED, Optional.empty(),
                java.time.Instant.parse("2026-12-05T03:10:00Z")));
        assertThat(audit(log).search("example.net", ALICE).verdict().reason()).contains("look the address up once");
        LogState shared = logState();
        new LogProofChecker(new LogKeyPins(log, shared, Optional.empty()), shared, log)
                .check(ALICE, Optional.of(KEY), Optional.of(log.block(ALICE, published)));

        LogAudit.Report report = audit(log).search("example.net", "Alice@Example.net");

        assertThat(report.verdict().status()).isEqualTo(Transparency.VERIFIED);
        assertThat(report.entries()).extracting(LogEntry::change)
                .containsExactly(LogEntry.Change.PUBLISHED, LogEntry.Change.DELETED);
    }
}
