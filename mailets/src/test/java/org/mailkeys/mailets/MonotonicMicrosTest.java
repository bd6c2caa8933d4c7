package org.mailkeys.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class MonotonicMicrosTest {
    @Test
    void versionsShouldBeMicrosecondsSinceTheEpoch() {
        MonotonicMicros versions = new MonotonicMicros(new MutableClock(Instant.parse("2026-11-28T10:00:00.123456Z")));

        assertThat(versions.next()).isEqualTo(1795860000123456L);
    }

    @Test
    void versionsShouldIncreaseEvenWhenTheClockStandsStillOrGoesBack() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
        MonotonicMicros versions = new MonotonicMicros(clock);

        long first = versions.next();
        long second = versions.next();
        clock.advance(Duration.ofSeconds(-5));
        long third = versions.next();

        assertThat(second).isGreaterThan(first);
        assertThat(third).isGreaterThan(second);
    }
}
