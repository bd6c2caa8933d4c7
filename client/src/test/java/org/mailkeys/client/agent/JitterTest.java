package org.mailkeys.client.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class JitterTest {
    private static final Duration DAY = Duration.ofDays(1);

    @Test
    void theSpreadShouldReachFromThreeQuartersToFiveQuartersOfThePeriod() {
        assertThat(new Jitter(() -> 0.0).spread(DAY)).isEqualTo(Duration.ofHours(18));
        assertThat(new Jitter(() -> 0.5).spread(DAY)).isEqualTo(DAY);
        assertThat(new Jitter(() -> 0.999_999_999).spread(DAY)).isBetween(Duration.ofHours(29).plusMinutes(59), Duration.ofHours(30));
    }

    @Test
    void valuesOutsideTheUnitIntervalShouldNotLeaveTheBounds() {
        assertThat(new Jitter(() -> -3).spread(DAY)).isEqualTo(Duration.ofHours(18));
        assertThat(new Jitter(() -> 7).spread(DAY)).isEqualTo(Duration.ofHours(30));
    }

    @Test
    void theRandomSpreadShouldStayWithinTwentyFivePerCentAndVary() {
        Jitter jitter = Jitter.random();
        java.util.Set<Duration> seen = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            Duration spread = jitter.spread(DAY);
            assertThat(spread).isBetween(Duration.ofHours(18), Duration.ofHours(30));
            seen.add(spread);
        }
        assertThat(seen).hasSizeGreaterThan(900);
    }
}
