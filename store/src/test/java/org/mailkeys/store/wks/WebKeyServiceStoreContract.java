package org.mailkeys.store.wks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** What every Web Key Service state store does: the memory and file ones (the Cassandra one once it exists). */
public abstract class WebKeyServiceStoreContract {
    protected static final Instant NOW = Instant.parse("2026-12-05T00:00:00Z");
    protected static final String ALICE = "alice@example.net";

    protected abstract WebKeyServiceStore store();

    protected static PendingSubmission pending(String account, String nonce, Instant expiresAt) {
        return new PendingSubmission(account, nonce, "FPR" + nonce, nonce.getBytes(StandardCharsets.US_ASCII), expiresAt);
    }

    @Test
    void theFirstSubmissionKeyStoredShouldStay() {
        byte[] first = {1, 2, 3};
        byte[] second = {4, 5, 6};
        assertThat(store().submissionKey("example.net").blockOptional()).isEmpty();
        assertThat(store().submissionKeyIfAbsent("example.net", first).block()).containsExactly(first);
        assertThat(store().submissionKeyIfAbsent("example.net", second).block()).containsExactly(first);
        assertThat(store().submissionKey("example.net").block()).containsExactly(first);
        assertThat(store().submissionKey("example.org").blockOptional()).isEmpty();
    }

    @Test
    void pendingSubmissionsShouldStopAtTheBoundPerAccount() {
        Instant later = NOW.plus(Duration.ofDays(3));
        assertThat(store().addPending(pending(ALICE, "n1", later), 2, NOW).block()).isTrue();
        assertThat(store().addPending(pending(ALICE, "n2", later), 2, NOW).block()).isTrue();
        assertThat(store().addPending(pending(ALICE, "n3", later), 2, NOW).block()).isFalse();
        assertThat(store().addPending(pending("bob@example.net", "n4", later), 2, NOW).block()).isTrue();
        assertThat(store().pending(ALICE).map(PendingSubmission::nonce).collectList().block())
            .containsExactlyInAnyOrder("n1", "n2");
    }

    @Test
    void expiredSubmissionsShouldNotCountAgainstTheBound() {
        assertThat(store().addPending(pending(ALICE, "old", NOW.plusSeconds(1)), 1, NOW).block()).isTrue();
        assertThat(store().addPending(pending(ALICE, "new", NOW.plus(Duration.ofDays(3))), 1, NOW.plusSeconds(2))
            .block()).isTrue();
        assertThat(store().pending(ALICE).map(PendingSubmission::nonce).collectList().block()).containsExactly("new");
    }

    @Test
    void aPendingSubmissionShouldBeRemovedOnceOnly() {
        store().addPending(pending(ALICE, "n1", NOW.plus(Duration.ofDays(3))), 5, NOW).block();
        assertThat(store().remove("bob@example.net", "n1").block()).isFalse();
        assertThat(store().remove(ALICE, "n1").block()).isTrue();
        assertThat(store().remove(ALICE, "n1").block()).isFalse();
        assertThat(store().pending(ALICE).collectList().block()).isEmpty();
    }

    @Test
    void aPendingSubmissionShouldKeepItsKeyAndExpiry() {
        Instant expiry = NOW.plus(Duration.ofDays(3));
        store().addPending(pending(ALICE, "n1", expiry), 5, NOW).block();
        PendingSubmission read = store().pending(ALICE).blockFirst();
        assertThat(read.account()).isEqualTo(ALICE);
        assertThat(read.fingerprint()).isEqualTo("FPRn1");
        assertThat(read.keyBytes()).containsExactly("n1".getBytes(StandardCharsets.US_ASCII));
        assertThat(read.expiresAt()).isEqualTo(expiry);
        assertThat(read.expired(expiry)).isTrue();
        assertThat(read.expired(expiry.minusMillis(1))).isFalse();
    }
}
