package org.mailkeys.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.client.agent.AgentLog;
import org.mailkeys.client.agent.OwnerLogWatch;
import org.mailkeys.transparency.LogEntry;

/** The owner's watch of her label, against logs built in the test. */
class OwnerLogWatchTest {
    private static final String OWNER = "alice@example.net";
    private static final byte[] KEY = "alice's key".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path folder;

    private final LogFixture log = new LogFixture();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> alerts = new ArrayList<>();

    private LogState state() {
        return new LogState(folder.resolve("log"), Clock.systemUTC());
    }

    private LogProofChecker checker() {
        return new LogProofChecker(new LogKeyPins(log, state(), Optional.empty()), state(), log);
    }

    private OwnerLogWatch watch() {
        AgentLog agentLog = new AgentLog() {
            @Override
            public void info(String message) {
            }

            @Override
            public void warn(String message) {
                warnings.add(message);
            }
        };
        return new OwnerLogWatch(OWNER, Duration.ofHours(1), state(), new LogKeyPins(log, state(), Optional.empty()), log,
                Optional::empty, agentLog, alerts::add);
    }

    /** Alice publishes; her confirmation's proof verifies, teaching her label and her key's hash. */
    private void alicePublishes() {
        long index = log.publish(OWNER, KEY);
        TransparencyCheck.Verdict verdict = checker().check(OWNER, Optional.of(KEY), Optional.of(log.block(OWNER, index)));
        assertThat(verdict.status()).isEqualTo(Transparency.VERIFIED);
        checker().ownKeyConfirmed(OWNER, KEY);
    }

    @Test
    void herOwnEntriesAndOthersAreNoAlert() throws Exception {
        log.filler(1);
        alicePublishes();
        log.filler(2);

        watch().run();

        assertThat(alerts).isEmpty();
        assertThat(state().watch("example.net", OWNER).orElseThrow()).contains("size 3");
    }

    @Test
    void anOperatorsDeletionIsReportedAtOnce() throws Exception {
        alicePublishes();
        watch().run();
        log.append(new LogEntry(log.label(OWNER), 2, LogEntry.Change.DELETED, Optional.empty(), Instant.now()));
        for (int i = 0; i < 300; i++) {
            log.filler(i);
        }

        watch().run();

        assertThat(alerts).singleElement().asString().contains("deleted").contains("did not ask");
        assertThat(state().alerts()).hasSize(1);
        assertThat(warnings).anyMatch(line -> line.contains("ALERT"));
    }

    @Test
    void aDeletionSheAskedForIsNoAlert() throws Exception {
        alicePublishes();
        watch().run();
        checker().ownDeletionRequested(OWNER);
        log.append(new LogEntry(log.label(OWNER), 2, LogEntry.Change.DELETED, Optional.empty(), Instant.now()));

        watch().run();

        assertThat(alerts).isEmpty();
    }

    /**
     * The agent's answer thread records her own publications and deletions while its watch runs in another thread:
     * what it records while the watch reads the log must not be lost when the watch saves what it has read.
     */
    @Test
    void whatTheOwnerDoesWhileTheWatchReadsTheLogIsNotForgotten() throws Exception {
        alicePublishes();
        watch().run();
        byte[] newKey = "alice's new key".getBytes(StandardCharsets.US_ASCII);
        LogDirectory meanwhile = new LogDirectory() {
            @Override
            public Optional<org.mailkeys.transparency.LogPublicKeys> dnssecKeys(String domain) {
                return log.dnssecKeys(domain);
            }

            @Override
            public org.mailkeys.transparency.LogPublicKeys servedKeys(String domain) {
                return log.servedKeys(domain);
            }

            @Override
            public String servedCheckpoint(String domain) {
                // in the middle of the watch's run: a confirmation of her new key, and her request of a deletion
                checker().ownKeyConfirmed(OWNER, newKey);
                checker().ownDeletionRequested(OWNER);
                return log.servedCheckpoint(domain);
            }

            @Override
            public org.mailkeys.transparency.TileReader tiles(String domain, int maxTiles) {
                return log.tiles(domain, maxTiles);
            }
        };
        new OwnerLogWatch(OWNER, Duration.ofHours(1), state(), new LogKeyPins(meanwhile, state(), Optional.empty()),
                meanwhile, Optional::empty, new AgentLog() {
                    @Override
                    public void info(String message) {
                    }

                    @Override
                    public void warn(String message) {
                    }
                }, alerts::add).run();
        log.publish(OWNER, newKey);
        log.append(new LogEntry(log.label(OWNER), 3, LogEntry.Change.DELETED, Optional.empty(), Instant.now()));

        watch().run();

        assertThat(alerts).isEmpty();
    }

    @Test
    void aKeySheNeverPublishedIsReported() throws Exception {
        alicePublishes();
        log.publish(OWNER, "mallory's key for alice".getBytes(StandardCharsets.US_ASCII));

        watch().run();

        assertThat(alerts).singleElement().asString().contains("a key you never published");
    }

    @Test
    void aForkSeenByTheWatchIsReported() throws Exception {
        alicePublishes();
        log.filler(1);
        watch().run();
        LogFixture fork = log.sameKeys();
        fork.filler(9);
        fork.filler(10);
        fork.filler(11);
        OwnerLogWatch forkWatch = new OwnerLogWatch(OWNER, Duration.ofHours(1), state(),
                new LogKeyPins(fork, state(), Optional.empty()), fork, Optional::empty, new AgentLog() {
                    @Override
                    public void info(String message) {
                    }

                    @Override
                    public void warn(String message) {
                    }
                }, alerts::add);

        forkWatch.run();

        assertThat(alerts).singleElement().asString().contains("fork");
    }
}
