package org.mailkeys.client.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class DomainPacerTest {
    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();

    @Test
    void oneDomainShouldGetNoMoreThanMaxPerHourInAnyHour() {
        DomainPacer pacer = new DomainPacer(8, clock);
        for (int i = 0; i < 8; i++) {
            assertThat(pacer.mayAsk("example.net")).isTrue();
            pacer.asked("example.net");
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(pacer.mayAsk("example.net")).isFalse();
        assertThat(pacer.mayAsk("EXAMPLE.NET")).as("domains compare case-insensitively").isFalse();
        assertThat(pacer.mayAsk("acme.net")).as("other domains are paced on their own").isTrue();
        clock.advance(Duration.ofMinutes(52)); // the first request is now one hour old
        assertThat(pacer.mayAsk("example.net")).isTrue();
    }

    @Test
    void aRateLimitedAnswerShouldStopLookupsForAnHourThenDoubleUpToADay() {
        DomainPacer pacer = new DomainPacer(8, clock);
        assertThat(pacer.rateLimited("example.net")).isEqualTo(clock.now.plus(Duration.ofHours(1)));
        assertThat(pacer.mayAsk("example.net")).isFalse();
        clock.advance(Duration.ofHours(1));
        assertThat(pacer.mayAsk("example.net")).isTrue();
        assertThat(pacer.rateLimited("example.net")).isEqualTo(clock.now.plus(Duration.ofHours(2)));
        for (int i = 0; i < 10; i++) {
            pacer.rateLimited("example.net");
        }
        assertThat(pacer.rateLimited("example.net")).isEqualTo(clock.now.plus(Duration.ofDays(1)));
    }

    @Test
    void anyOtherVerifiedAnswerShouldEndTheBackOff() {
        DomainPacer pacer = new DomainPacer(8, clock);
        pacer.rateLimited("example.net");
        pacer.rateLimited("example.net");
        pacer.answered("example.net");
        assertThat(pacer.mayAsk("example.net")).isTrue();
        assertThat(pacer.rateLimited("example.net")).isEqualTo(clock.now.plus(Duration.ofHours(1)));
    }

    @Test
    void memoryShouldNotGrowWithTime() {
        DomainPacer pacer = new DomainPacer(8, clock);
        for (int i = 0; i < 5000; i++) {
            pacer.asked("domain" + i + ".example");
            clock.advance(Duration.ofSeconds(10));
            if (i % 100 == 0) {
                pacer.prune();
            }
        }
        pacer.prune();
        assertThat(pacer.domainsRemembered()).isLessThanOrEqualTo(360); // those asked within the last hour
    }

    /** Issue 24: 10,000 contacts refreshed once a day, spread by the jitter, come to about 7 lookups a minute. */
    @Test
    void tenThousandContactsRefreshedDailyShouldComeToAboutSevenLookupsAMinute() {
        double perMinute = 10_000.0 / Duration.ofDays(1).toMinutes();
        assertThat(perMinute).isBetween(6.9, 7.0);
        assertThat(perMinute).isLessThan(AgentSettings.MAX_PER_MINUTE);
    }
}
