package org.mailkeys.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * What every {@link KeyStore} does, run by the test of each implementation. Timestamps are whole milliseconds
 * because that is what Cassandra keeps.
 */
public interface KeyStoreContract {
    String ALICE = "alice@example.net";
    String BOB = "bob@example.net";
    Instant PUBLISHED_AT = Instant.parse("2026-11-28T10:15:30.123Z");
    Duration TIMEOUT = Duration.ofSeconds(60);

    KeyStore keyStore();

    /** A key whose every byte and whose fingerprint name its version, so that a mix of two is easy to see. */
    static StoredKey keyOf(String address, long version) {
        byte[] bytes = new byte[4096];
        Arrays.fill(bytes, (byte) version);
        return new StoredKey(address, bytes, "FINGERPRINT" + version, PUBLISHED_AT.plusSeconds(version), version);
    }

    static boolean isWhole(StoredKey key) {
        byte[] bytes = key.keyBytes();
        for (byte b : bytes) {
            if (b != (byte) key.version()) {
                return false;
            }
        }
        return bytes.length == 4096 && key.fingerprint().equals("FINGERPRINT" + key.version())
            && key.publishedAt().equals(PUBLISHED_AT.plusSeconds(key.version()));
    }

    @Test
    default void findShouldBeEmptyWhenNothingWasPublished() {
        assertThat(keyStore().find(ALICE).blockOptional(TIMEOUT)).isEmpty();
    }

    @Test
    default void findShouldReturnThePublishedKey() {
        StoredKey key = keyOf(ALICE, 1);

        assertThat(keyStore().put(key).block(TIMEOUT)).isEqualTo(WriteOutcome.APPLIED);

        assertThat(keyStore().find(ALICE).block(TIMEOUT)).isEqualTo(key);
    }

    @Test
    default void findShouldReturnKeyBytesAndMetadataUnchanged() {
        byte[] bytes = new byte[64 * 1024];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        StoredKey key = new StoredKey(ALICE, bytes, "0123456789ABCDEF0123456789ABCDEF01234567",
            Instant.parse("2026-01-02T03:04:05.678Z"), 1_764_325_530_123L);
        keyStore().put(key).block(TIMEOUT);

        StoredKey found = keyStore().find(ALICE).block(TIMEOUT);

        assertThat(found.keyBytes()).isEqualTo(bytes);
        assertThat(found.fingerprint()).isEqualTo("0123456789ABCDEF0123456789ABCDEF01234567");
        assertThat(found.publishedAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05.678Z"));
        assertThat(found.version()).isEqualTo(1_764_325_530_123L);
        assertThat(found.address()).isEqualTo(ALICE);
    }

    @Test
    default void putShouldReplaceAnOlderKey() {
        keyStore().put(keyOf(ALICE, 1)).block(TIMEOUT);

        assertThat(keyStore().put(keyOf(ALICE, 2)).block(TIMEOUT)).isEqualTo(WriteOutcome.APPLIED);

        assertThat(keyStore().find(ALICE).block(TIMEOUT)).isEqualTo(keyOf(ALICE, 2));
    }

    @Test
    default void putOfAnOlderVersionShouldBeSupersededAndNotApplied() {
        keyStore().put(keyOf(ALICE, 2)).block(TIMEOUT);

        assertThat(keyStore().put(keyOf(ALICE, 1)).block(TIMEOUT)).isEqualTo(WriteOutcome.SUPERSEDED);

        assertThat(keyStore().find(ALICE).block(TIMEOUT)).isEqualTo(keyOf(ALICE, 2));
    }

    @Test
    default void putOfTheStoredVersionShouldBeSupersededAndNotApplied() {
        keyStore().put(keyOf(ALICE, 2)).block(TIMEOUT);
        StoredKey sameVersion = new StoredKey(ALICE, new byte[] {1, 2, 3}, "OTHER", PUBLISHED_AT, 2);

        assertThat(keyStore().put(sameVersion).block(TIMEOUT)).isEqualTo(WriteOutcome.SUPERSEDED);

        assertThat(keyStore().find(ALICE).block(TIMEOUT)).isEqualTo(keyOf(ALICE, 2));
    }

    @Test
    default void deleteShouldRemoveTheKey() {
        keyStore().put(keyOf(ALICE, 1)).block(TIMEOUT);

        assertThat(keyStore().delete(ALICE, 2).block(TIMEOUT)).isEqualTo(WriteOutcome.APPLIED);

        assertThat(keyStore().find(ALICE).blockOptional(TIMEOUT)).isEmpty();
    }

    @Test
    default void deleteWithoutStoredKeyShouldBeApplied() {
        assertThat(keyStore().delete(ALICE, 1).block(TIMEOUT)).isEqualTo(WriteOutcome.APPLIED);

        assertThat(keyStore().find(ALICE).blockOptional(TIMEOUT)).isEmpty();
    }

    @Test
    default void deleteOlderThanTheStoredKeyShouldBeSupersededAndNotApplied() {
        keyStore().put(keyOf(ALICE, 2)).block(TIMEOUT);

        assertThat(keyStore().delete(ALICE, 1).block(TIMEOUT)).isEqualTo(WriteOutcome.SUPERSEDED);

        assertThat(keyStore().find(ALICE).block(TIMEOUT)).isEqualTo(keyOf(ALICE, 2));
    }

    @Test
    default void putOlderThanADeletionShouldBeSupersededAndNotResurrectTheKey() {
        keyStore().put(keyOf(ALICE, 1)).block(TIMEOUT);
        keyStore().delete(ALICE, 3).block(TIMEOUT);

        assertThat(keyStore().put(keyOf(ALICE, 2)).block(TIMEOUT)).isEqualTo(WriteOutcome.SUPERSEDED);

        assertThat(keyStore().find(ALICE).blockOptional(TIMEOUT)).isEmpty();
    }

    @Test
    default void putNewerThanADeletionShouldPublishAgain() {
        keyStore().put(keyOf(ALICE, 1)).block(TIMEOUT);
        keyStore().delete(ALICE, 2).block(TIMEOUT);

        assertThat(keyStore().put(keyOf(ALICE, 3)).block(TIMEOUT)).isEqualTo(WriteOutcome.APPLIED);

        assertThat(keyStore().find(ALICE).block(TIMEOUT)).isEqualTo(keyOf(ALICE, 3));
    }

    @Test
    default void deleteOfTheDeletedVersionByAnotherRequestShouldBeSuperseded() {
        keyStore().delete(ALICE, WriteTicket.of(2, 0, "first"), ALICE_ON_NODE_1).block(TIMEOUT);

        assertThat(keyStore().delete(ALICE, WriteTicket.of(2, 0, "second"), OPERATOR_ON_NODE_2).block(TIMEOUT))
            .isEqualTo(WriteOutcome.SUPERSEDED);
        assertThat(keyStore().history(ALICE).collectList().block(TIMEOUT)).singleElement()
            .extracting(HistoryEntry::actorKind).isEqualTo(ChangeOrigin.ActorKind.ACCOUNT);
    }

    // --- Applied means this request's write (THREAT-MODEL.md: a write not applied is never confirmed) ---

    @Test
    default void aPutOfTheStoredVersionByAnotherRequestShouldBeSupersededEvenWithEqualBytes() {
        keyStore().put(keyOf(ALICE, 7), WriteTicket.of(7, 0, "request-1"), ALICE_ON_NODE_1).block(TIMEOUT);

        assertThat(keyStore().put(keyOf(ALICE, 7), WriteTicket.of(7, 0, "request-2"), ALICE_ON_NODE_1)
            .block(TIMEOUT)).isEqualTo(WriteOutcome.SUPERSEDED);
    }

    @Test
    default void aWriteRetriedWithItsTicketShouldBeAppliedAndRecordedOnce() {
        WriteTicket ticket = WriteTicket.of(7, 0, "request-1");
        keyStore().put(keyOf(ALICE, 7), ticket, ALICE_ON_NODE_1).block(TIMEOUT);

        assertThat(keyStore().put(keyOf(ALICE, 7), ticket, ALICE_ON_NODE_1).block(TIMEOUT))
            .isEqualTo(WriteOutcome.APPLIED);
        assertThat(keyStore().history(ALICE).collectList().block(TIMEOUT)).extracting(HistoryEntry::version)
            .containsExactly(7L);
    }

    @Test
    default void aRetriedWriteOverwrittenMeanwhileShouldBeSuperseded() {
        WriteTicket ticket = WriteTicket.of(7, 0, "request-1");
        keyStore().put(keyOf(ALICE, 7), ticket, ALICE_ON_NODE_1).block(TIMEOUT);
        keyStore().put(keyOf(ALICE, 8), WriteTicket.of(8, 7, "request-2"), ALICE_ON_NODE_1).block(TIMEOUT);

        assertThat(keyStore().put(keyOf(ALICE, 7), ticket, ALICE_ON_NODE_1).block(TIMEOUT))
            .isEqualTo(WriteOutcome.SUPERSEDED);
    }

    @Test
    default void twoRequestsOnClocksBehindTheStoredVersionShouldGetTwoVersionsAndOneOrder() {
        long farAhead = 1L << 60;
        StoredKey ahead = new StoredKey(ALICE, new byte[] {9}, "AHEAD", PUBLISHED_AT, farAhead);
        keyStore().put(ahead, WriteTicket.of(farAhead, 0, "far-ahead"), ALICE_ON_NODE_1).block(TIMEOUT);
        Clock behind = Clock.fixed(PUBLISHED_AT, ZoneOffset.UTC);
        long stored = keyStore().latestVersion(ALICE).block(TIMEOUT);
        // both read the stored version before either wrote
        WriteTicket first = new VersionRule(behind, new NodeName("node-1")).next(stored);
        WriteTicket second = new VersionRule(behind, new NodeName("node-2")).next(stored);

        WriteOutcome firstOutcome = keyStore().put(new StoredKey(ALICE, new byte[] {1}, "FIRST", PUBLISHED_AT,
            first.version()), first, ALICE_ON_NODE_1).block(TIMEOUT);
        WriteOutcome secondOutcome = keyStore().put(new StoredKey(ALICE, new byte[] {2}, "SECOND", PUBLISHED_AT,
            second.version()), second, ALICE_ON_NODE_1).block(TIMEOUT);

        assertThat(first.version()).isGreaterThan(farAhead).isNotEqualTo(second.version());
        assertThat(second.version()).isGreaterThan(farAhead);
        assertThat(firstOutcome).isEqualTo(WriteOutcome.APPLIED);
        boolean secondIsNewer = second.version() > first.version();
        assertThat(secondOutcome).isEqualTo(secondIsNewer ? WriteOutcome.APPLIED : WriteOutcome.SUPERSEDED);
        assertThat(keyStore().find(ALICE).block(TIMEOUT).fingerprint()).isEqualTo(secondIsNewer ? "SECOND" : "FIRST");
    }

    // --- An operator's deletion holds whatever the clocks say (docs/PROTOCOL.md 2.3) ---

    @Test
    default void anOperatorDeletionShouldHoldAgainstALaterWriteThatHadNotSeenItWhateverItsVersion() {
        keyStore().put(keyOf(ALICE, 1), WriteTicket.of(1, 0, "publication"), ALICE_ON_NODE_1).block(TIMEOUT);
        keyStore().delete(ALICE, WriteTicket.of(5, 1, "operator"), OPERATOR_ON_NODE_2).block(TIMEOUT);

        // a publication accepted before the deletion, on a node whose clock ran far ahead, retried now
        assertThat(keyStore().put(keyOf(ALICE, 100), WriteTicket.of(100, 1, "clock-ahead"), ALICE_ON_NODE_1)
            .block(TIMEOUT)).isEqualTo(WriteOutcome.SUPERSEDED);
        assertThat(keyStore().put(keyOf(ALICE, 101), WriteTicket.of(101, 0, "store-was-down"), ALICE_ON_NODE_1)
            .block(TIMEOUT)).isEqualTo(WriteOutcome.SUPERSEDED);
        assertThat(keyStore().find(ALICE).blockOptional(TIMEOUT)).isEmpty();

        // a publication accepted after it had seen the deletion
        assertThat(keyStore().put(keyOf(ALICE, 6), WriteTicket.of(6, 5, "after"), ALICE_ON_NODE_1).block(TIMEOUT))
            .isEqualTo(WriteOutcome.APPLIED);
        // the fence stays: a write that never saw the operator's deletion still cannot replace the key
        assertThat(keyStore().put(keyOf(ALICE, 102), WriteTicket.of(102, 1, "late"), ALICE_ON_NODE_1)
            .block(TIMEOUT)).isEqualTo(WriteOutcome.SUPERSEDED);
        assertThat(keyStore().find(ALICE).block(TIMEOUT)).isEqualTo(keyOf(ALICE, 6));
    }

    @Test
    default void aUserDeletionShouldOrderByVersionOnly() {
        keyStore().put(keyOf(ALICE, 1), WriteTicket.of(1, 0, "publication"), ALICE_ON_NODE_1).block(TIMEOUT);
        keyStore().delete(ALICE, WriteTicket.of(5, 1, "user-delete"), ALICE_ON_NODE_1).block(TIMEOUT);

        assertThat(keyStore().put(keyOf(ALICE, 100), WriteTicket.of(100, 1, "later"), ALICE_ON_NODE_1)
            .block(TIMEOUT)).isEqualTo(WriteOutcome.APPLIED);
    }

    // --- One address identity (docs/PROTOCOL.md 1.4) ---

    String ALICE_IDN = "alice@b\u00fccher.example";
    String ALICE_IDN_ASCII = "alice@xn--bcher-kva.example";

    @Test
    default void bothSpellingsOfAnInternationalisedDomainShouldNameOneKey() {
        StoredKey key = keyOf(ALICE_IDN, 1);
        keyStore().put(key, ALICE_ON_NODE_1).block(TIMEOUT);

        assertThat(keyStore().find("Alice@XN--BCHER-KVA.example").block(TIMEOUT)).isEqualTo(key);
        assertThat(keyStore().find(ALICE_IDN).block(TIMEOUT).address()).isEqualTo(ALICE_IDN_ASCII);
        assertThat(keyStore().latestVersion(ALICE_IDN_ASCII).block(TIMEOUT)).isEqualTo(1L);
        assertThat(keyStore().history(ALICE_IDN_ASCII).collectList().block(TIMEOUT)).singleElement()
            .extracting(HistoryEntry::address).isEqualTo(ALICE_IDN_ASCII);
        assertThat(keyStore().addresses("b\u00fccher.example", Optional.empty(), 10).collectList().block(TIMEOUT))
            .containsExactly(ALICE_IDN_ASCII);
        assertThat(keyStore().addresses("xn--bcher-kva.example", Optional.empty(), 10).collectList()
            .block(TIMEOUT)).containsExactly(ALICE_IDN_ASCII);
        assertThat(keyStore().findByWebKeyHash("B\u00fccher.example", WebKeyHash.ofLocalPart("alice"))
            .block(TIMEOUT)).isEqualTo(key);
    }

    @Test
    default void writesUnderBothSpellingsShouldShareOneVersionOrder() {
        keyStore().put(keyOf(ALICE_IDN_ASCII, 2)).block(TIMEOUT);

        assertThat(keyStore().put(keyOf(ALICE_IDN, 1)).block(TIMEOUT)).isEqualTo(WriteOutcome.SUPERSEDED);
        assertThat(keyStore().delete(ALICE_IDN, 3).block(TIMEOUT)).isEqualTo(WriteOutcome.APPLIED);
        assertThat(keyStore().find(ALICE_IDN_ASCII).blockOptional(TIMEOUT)).isEmpty();
    }

    @Test
    default void latestVersionShouldBeEmptyWhenNothingWasWritten() {
        assertThat(keyStore().latestVersion(ALICE).blockOptional(TIMEOUT)).isEmpty();
    }

    @Test
    default void latestVersionShouldBeThatOfTheAppliedKeyNotOfASupersededOne() {
        keyStore().put(keyOf(ALICE, 5)).block(TIMEOUT);
        keyStore().put(keyOf(ALICE, 3)).block(TIMEOUT);

        assertThat(keyStore().latestVersion(ALICE.toUpperCase()).block(TIMEOUT)).isEqualTo(5L);
    }

    @Test
    default void latestVersionShouldBeThatOfADeletion() {
        keyStore().put(keyOf(ALICE, 5)).block(TIMEOUT);
        keyStore().delete(ALICE, 8).block(TIMEOUT);

        assertThat(keyStore().latestVersion(ALICE).block(TIMEOUT)).isEqualTo(8L);
        assertThat(keyStore().find(ALICE).blockOptional(TIMEOUT)).isEmpty();
    }

    @Test
    default void findShouldIgnoreTheCaseOfTheAddress() {
        keyStore().put(keyOf(ALICE, 1)).block(TIMEOUT);

        assertThat(keyStore().find("Alice@Example.NET").block(TIMEOUT)).isEqualTo(keyOf(ALICE, 1));
    }

    @Test
    default void putShouldStoreTheAddressLowerCased() {
        keyStore().put(keyOf("ALICE@EXAMPLE.NET", 1)).block(TIMEOUT);

        assertThat(keyStore().find(ALICE).block(TIMEOUT).address()).isEqualTo(ALICE);
    }

    @Test
    default void putsWithDifferentCaseShouldShareOneVersionHistory() {
        keyStore().put(keyOf("Alice@example.net", 2)).block(TIMEOUT);

        assertThat(keyStore().put(keyOf("ALICE@example.net", 1)).block(TIMEOUT)).isEqualTo(WriteOutcome.SUPERSEDED);
    }

    @Test
    default void deleteShouldIgnoreTheCaseOfTheAddress() {
        keyStore().put(keyOf(ALICE, 1)).block(TIMEOUT);

        keyStore().delete("ALICE@example.NET", 2).block(TIMEOUT);

        assertThat(keyStore().find(ALICE).blockOptional(TIMEOUT)).isEmpty();
    }

    @Test
    default void keysOfDifferentAddressesShouldNotAffectEachOther() {
        keyStore().put(keyOf(ALICE, 5)).block(TIMEOUT);

        assertThat(keyStore().put(keyOf(BOB, 1)).block(TIMEOUT)).isEqualTo(WriteOutcome.APPLIED);
        keyStore().delete(BOB, 2).block(TIMEOUT);

        assertThat(keyStore().find(ALICE).block(TIMEOUT)).isEqualTo(keyOf(ALICE, 5));
        assertThat(keyStore().find(BOB).blockOptional(TIMEOUT)).isEmpty();
    }

    @Test
    default void concurrentPutsForOneAddressShouldLeaveTheNewestKeyWhole() {
        List<Long> versions = LongStream.rangeClosed(1, 24).boxed().collect(Collectors.toCollection(ArrayList::new));
        SeededShuffle.shuffle(versions);

        List<WriteOutcome> outcomes = Flux.fromIterable(versions)
            .flatMap(version -> keyStore().put(keyOf(ALICE, version)).subscribeOn(Schedulers.parallel()), 8)
            .collectList()
            .block(TIMEOUT);

        StoredKey stored = keyStore().find(ALICE).block(TIMEOUT);
        assertThat(stored.version()).isEqualTo(24);
        assertThat(isWhole(stored)).isTrue();
        assertThat(outcomes).contains(WriteOutcome.APPLIED);
    }

    @Test
    default void concurrentPutsAndDeletesForOneAddressShouldEndWithTheNewestWrite() {
        List<Long> versions = LongStream.rangeClosed(1, 24).boxed().collect(Collectors.toCollection(ArrayList::new));
        SeededShuffle.shuffle(versions);

        Flux.fromIterable(versions)
            .flatMap(version -> (version % 3 == 0 ? keyStore().delete(ALICE, version)
                : keyStore().put(keyOf(ALICE, version))).subscribeOn(Schedulers.parallel()), 8)
            .blockLast(TIMEOUT);

        assertThat(keyStore().find(ALICE).blockOptional(TIMEOUT)).isEmpty();
        assertThat(keyStore().put(keyOf(ALICE, 23)).block(TIMEOUT)).isEqualTo(WriteOutcome.SUPERSEDED);
    }

    ChangeOrigin ALICE_ON_NODE_1 = ChangeOrigin.account(ALICE, "node-1", PUBLISHED_AT);
    ChangeOrigin OPERATOR_ON_NODE_2 = ChangeOrigin.operator("admin", "account compromised", "node-2",
        PUBLISHED_AT.plusSeconds(3600));

    @Test
    default void historyShouldBeEmptyForAnAddressNeverWritten() {
        assertThat(keyStore().history(ALICE).collectList().block(TIMEOUT)).isEmpty();
    }

    @Test
    default void historyShouldRecordPublicationReplacementAndDeletionOldestFirst() {
        keyStore().put(keyOf(ALICE, 1), ALICE_ON_NODE_1).block(TIMEOUT);
        keyStore().put(keyOf(ALICE, 2), ALICE_ON_NODE_1).block(TIMEOUT);
        keyStore().delete(ALICE, 3, OPERATOR_ON_NODE_2).block(TIMEOUT);

        List<HistoryEntry> history = keyStore().history(ALICE).collectList().block(TIMEOUT);

        assertThat(history).extracting(HistoryEntry::version).containsExactly(1L, 2L, 3L);
        assertThat(history).extracting(HistoryEntry::change).containsExactly(HistoryEntry.Change.PUBLISHED,
            HistoryEntry.Change.REPLACED, HistoryEntry.Change.DELETED);
        assertThat(history).extracting(HistoryEntry::oldFingerprint).containsExactly(Optional.empty(),
            Optional.of("FINGERPRINT1"), Optional.of("FINGERPRINT2"));
        assertThat(history).extracting(HistoryEntry::newFingerprint).containsExactly(Optional.of("FINGERPRINT1"),
            Optional.of("FINGERPRINT2"), Optional.empty());
        assertThat(history.get(1).newKeyDigest()).contains(HistoryEntry.sha256(keyOf(ALICE, 2).keyBytes()));
        assertThat(history.get(1).at()).isEqualTo(keyOf(ALICE, 2).publishedAt());
        assertThat(history.get(0).actorKind()).isEqualTo(ChangeOrigin.ActorKind.ACCOUNT);
        assertThat(history.get(0).actor()).isEqualTo(ALICE);
        assertThat(history.get(0).node()).isEqualTo("node-1");
        HistoryEntry deletion = history.get(2);
        assertThat(deletion.actorKind()).isEqualTo(ChangeOrigin.ActorKind.OPERATOR);
        assertThat(deletion.actor()).isEqualTo("admin");
        assertThat(deletion.reason()).contains("account compromised");
        assertThat(deletion.node()).isEqualTo("node-2");
        assertThat(deletion.at()).isEqualTo(OPERATOR_ON_NODE_2.at());
        assertThat(deletion.newKeyDigest()).isEmpty();
    }

    @Test
    default void historyShouldKeepEntriesThatReadBackToTheSameCanonicalBytes() {
        keyStore().put(keyOf(ALICE, 1), ALICE_ON_NODE_1).block(TIMEOUT);

        HistoryEntry entry = keyStore().history(ALICE).blockFirst(TIMEOUT);

        assertThat(entry).isEqualTo(HistoryEntry.ofPut(keyOf(ALICE, 1), Optional.empty(), ALICE_ON_NODE_1));
    }

    @Test
    default void writesThatWereNotAppliedShouldLeaveNoHistoryEntry() {
        keyStore().put(keyOf(ALICE, 5), ALICE_ON_NODE_1).block(TIMEOUT);
        keyStore().put(keyOf(ALICE, 4), ALICE_ON_NODE_1).block(TIMEOUT);
        keyStore().delete(ALICE, 3, OPERATOR_ON_NODE_2).block(TIMEOUT);

        assertThat(keyStore().history(ALICE).collectList().block(TIMEOUT))
            .extracting(HistoryEntry::version).containsExactly(5L);
    }

    @Test
    default void anOlderPublicationRetriedAfterAnOperatorDeletionShouldNotBringTheKeyBack() {
        keyStore().put(keyOf(ALICE, 1), ALICE_ON_NODE_1).block(TIMEOUT);
        keyStore().delete(ALICE, 3, OPERATOR_ON_NODE_2).block(TIMEOUT);

        assertThat(keyStore().put(keyOf(ALICE, 2), ALICE_ON_NODE_1).block(TIMEOUT))
            .isEqualTo(WriteOutcome.SUPERSEDED);

        assertThat(keyStore().find(ALICE).blockOptional(TIMEOUT)).isEmpty();
        assertThat(keyStore().addresses("example.net", Optional.empty(), 10).collectList().block(TIMEOUT))
            .isEmpty();
    }

    @Test
    default void historyOfConcurrentWritesShouldBeInVersionOrderAndEndWithTheNewest() {
        List<Long> versions = LongStream.rangeClosed(1, 12).boxed().collect(Collectors.toCollection(ArrayList::new));
        SeededShuffle.shuffle(versions);

        Flux.fromIterable(versions)
            .flatMap(version -> keyStore().put(keyOf(ALICE, version)).subscribeOn(Schedulers.parallel()), 4)
            .blockLast(TIMEOUT);

        List<Long> recorded = keyStore().history(ALICE).map(HistoryEntry::version).collectList().block(TIMEOUT);
        assertThat(recorded).isSorted().doesNotHaveDuplicates().endsWith(12L);
    }

    @Test
    default void addressesShouldListTheKeysOfOneDomainInOrder() {
        keyStore().put(keyOf("carol@example.net", 1)).block(TIMEOUT);
        keyStore().put(keyOf(ALICE, 1)).block(TIMEOUT);
        keyStore().put(keyOf(BOB, 1)).block(TIMEOUT);
        keyStore().put(keyOf("dave@example.org", 1)).block(TIMEOUT);
        keyStore().delete(BOB, 2).block(TIMEOUT);

        assertThat(keyStore().addresses("example.net", Optional.empty(), 10).collectList().block(TIMEOUT))
            .containsExactly(ALICE, "carol@example.net");
        assertThat(keyStore().addresses("example.org", Optional.empty(), 10).collectList().block(TIMEOUT))
            .containsExactly("dave@example.org");
        assertThat(keyStore().addresses("example.com", Optional.empty(), 10).collectList().block(TIMEOUT))
            .isEmpty();
    }

    @Test
    default void addressesShouldBePagedAfterTheLastAddressOfThePreviousPage() {
        for (String name : List.of("erin", "alice", "dave", "bob", "carol")) {
            keyStore().put(keyOf(name + "@example.net", 1)).block(TIMEOUT);
        }

        assertThat(keyStore().addresses("example.net", Optional.empty(), 2).collectList().block(TIMEOUT))
            .containsExactly(ALICE, BOB);
        assertThat(keyStore().addresses("example.net", Optional.of(BOB), 2).collectList().block(TIMEOUT))
            .containsExactly("carol@example.net", "dave@example.net");
        assertThat(keyStore().addresses("example.net", Optional.of("dave@example.net"), 2).collectList()
            .block(TIMEOUT)).containsExactly("erin@example.net");
        assertThat(keyStore().addresses("example.net", Optional.of("erin@example.net"), 2).collectList()
            .block(TIMEOUT)).isEmpty();
    }

    @Test
    default void aKeyPublishedAgainAfterItsDeletionShouldBeListedAgain() {
        keyStore().put(keyOf(ALICE, 1)).block(TIMEOUT);
        keyStore().delete(ALICE, 2).block(TIMEOUT);
        keyStore().put(keyOf(ALICE, 3)).block(TIMEOUT);

        assertThat(keyStore().addresses("example.net", Optional.empty(), 10).collectList().block(TIMEOUT))
            .containsExactly(ALICE);
    }

    @Test
    default void aReachableStoreShouldBeHealthy() {
        assertThat(keyStore().health().block(TIMEOUT).status()).isEqualTo(StoreHealth.Status.HEALTHY);
    }

    @Test
    default void findByWebKeyHashShouldReturnThePublishedKey() {
        StoredKey key = keyOf(ALICE, 1);
        keyStore().put(key).block(TIMEOUT);

        assertThat(keyStore().findByWebKeyHash("example.net", WebKeyHash.ofLocalPart("alice")).block(TIMEOUT))
            .isEqualTo(key);
        assertThat(keyStore().findByWebKeyHash("EXAMPLE.net", WebKeyHash.ofLocalPart("Alice")).block(TIMEOUT))
            .isEqualTo(key);
    }

    @Test
    default void findByWebKeyHashShouldBeEmptyForAnotherDomainOrLocalPart() {
        keyStore().put(keyOf(ALICE, 1)).block(TIMEOUT);

        assertThat(keyStore().findByWebKeyHash("example.org", WebKeyHash.ofLocalPart("alice")).blockOptional(TIMEOUT))
            .isEmpty();
        assertThat(keyStore().findByWebKeyHash("example.net", WebKeyHash.ofLocalPart("bob")).blockOptional(TIMEOUT))
            .isEmpty();
    }

    @Test
    default void findByWebKeyHashShouldFollowDeletionsAndNewVersions() {
        String hash = WebKeyHash.ofLocalPart("alice");
        keyStore().put(keyOf(ALICE, 1)).block(TIMEOUT);
        keyStore().delete(ALICE, 2).block(TIMEOUT);

        assertThat(keyStore().findByWebKeyHash("example.net", hash).blockOptional(TIMEOUT)).isEmpty();

        keyStore().put(keyOf("Alice@Example.net", 3)).block(TIMEOUT);
        assertThat(keyStore().findByWebKeyHash("example.net", hash).block(TIMEOUT).version()).isEqualTo(3);
    }

    @Test
    default void findByWebKeyHashShouldBeEmptyForWhatCannotBeADomainOrAHash() {
        keyStore().put(keyOf(ALICE, 1)).block(TIMEOUT);

        assertThat(keyStore().findByWebKeyHash("../..", WebKeyHash.ofLocalPart("alice")).blockOptional(TIMEOUT))
            .isEmpty();
        assertThat(keyStore().findByWebKeyHash("example.net", "../records/x").blockOptional(TIMEOUT)).isEmpty();
    }
}
