package org.mailkeys.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailkeys.mailets.AnswerRateLimiter.Decision.ANSWER;
import static org.mailkeys.mailets.AnswerRateLimiter.Decision.ANSWER_RATE_LIMITED;
import static org.mailkeys.mailets.AnswerRateLimiter.Decision.SILENCE;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class AnswerRateLimiterTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));

    private AnswerRateLimiter limiter(long perSender, long perIp, long perDomain) {
        return new AnswerRateLimiter(new AnswerRateLimiter.Limits(perSender, perIp, perDomain, Duration.ofHours(1), 1000), clock);
    }

    @Test
    void requestsUnderTheSenderLimitShouldBeAnswered() {
        AnswerRateLimiter limiter = limiter(3, 100, 100);

        assertThat(limiter.decide("bob@acme.test", Optional.of("192.0.2.1"))).isEqualTo(ANSWER);
        assertThat(limiter.decide("bob@acme.test", Optional.of("192.0.2.1"))).isEqualTo(ANSWER);
        assertThat(limiter.decide("bob@acme.test", Optional.of("192.0.2.1"))).isEqualTo(ANSWER);
    }

    @Test
    void theFirstRequestOverTheLimitShouldGetOneRateLimitedAnswerThenSilence() {
        AnswerRateLimiter limiter = limiter(2, 100, 100);
        limiter.decide("bob@acme.test", Optional.of("192.0.2.1"));
        limiter.decide("bob@acme.test", Optional.of("192.0.2.1"));

        assertThat(limiter.decide("bob@acme.test", Optional.of("192.0.2.1"))).isEqualTo(ANSWER_RATE_LIMITED);
        assertThat(limiter.decide("bob@acme.test", Optional.of("192.0.2.1"))).isEqualTo(SILENCE);
        assertThat(limiter.decide("BOB@acme.test", Optional.of("192.0.2.1"))).isEqualTo(SILENCE);
    }

    @Test
    void aSenderShouldBeAnsweredAgainOnceTheWindowHasClosed() {
        AnswerRateLimiter limiter = limiter(1, 100, 100);
        limiter.decide("bob@acme.test", Optional.empty());
        limiter.decide("bob@acme.test", Optional.empty());

        clock.advance(Duration.ofMinutes(61));

        assertThat(limiter.decide("bob@acme.test", Optional.empty())).isEqualTo(ANSWER);
    }

    @Test
    void otherSendersShouldNotBeLimitedBySomeoneElse() {
        AnswerRateLimiter limiter = limiter(1, 100, 100);
        limiter.decide("bob@acme.test", Optional.empty());
        limiter.decide("bob@acme.test", Optional.empty());

        assertThat(limiter.decide("carol@acme.test", Optional.empty())).isEqualTo(ANSWER);
    }

    @Test
    void theClientIpLimitShouldCoverManySenders() {
        AnswerRateLimiter limiter = limiter(100, 2, 100);
        limiter.decide("a@one.test", Optional.of("192.0.2.7"));
        limiter.decide("b@two.test", Optional.of("192.0.2.7"));

        assertThat(limiter.decide("c@three.test", Optional.of("192.0.2.7"))).isEqualTo(ANSWER_RATE_LIMITED);
        assertThat(limiter.decide("d@four.test", Optional.of("192.0.2.7"))).isEqualTo(SILENCE);
        assertThat(limiter.decide("d@four.test", Optional.of("198.51.100.1"))).isEqualTo(ANSWER);
    }

    @Test
    void theSenderDomainLimitShouldCoverManySendersOfTheDomain() {
        AnswerRateLimiter limiter = limiter(100, 100, 2);
        limiter.decide("a@acme.test", Optional.of("192.0.2.1"));
        limiter.decide("b@acme.test", Optional.of("192.0.2.2"));

        assertThat(limiter.decide("c@ACME.test", Optional.of("192.0.2.3"))).isEqualTo(ANSWER_RATE_LIMITED);
        assertThat(limiter.decide("d@other.test", Optional.of("192.0.2.4"))).isEqualTo(ANSWER);
    }

    @Test
    void memoryShouldStayBounded() {
        AnswerRateLimiter limiter = new AnswerRateLimiter(
            new AnswerRateLimiter.Limits(10, 60, 100, Duration.ofHours(1), 100), clock);

        for (int i = 0; i < 1000; i++) {
            limiter.decide("user" + i + "@d" + i + ".test", Optional.of("10.0." + (i / 256) + "." + (i % 256)));
        }

        assertThat(limiter.trackedKeys()).isLessThanOrEqualTo(100);
    }

    @Test
    void anIpv6ClientShouldBeCountedPerSlash64() {
        AnswerRateLimiter limiter = limiter(100, 2, 100);
        limiter.decide("a@one.test", Optional.of("2001:db8:1:2::1"));
        limiter.decide("b@two.test", Optional.of("2001:db8:1:2:ffff:0:0:7"));

        assertThat(limiter.decide("c@three.test", Optional.of("2001:0db8:0001:0002:1234:5678:9abc:def0")))
            .isEqualTo(ANSWER_RATE_LIMITED);
        assertThat(limiter.decide("d@four.test", Optional.of("2001:db8:1:3::1"))).isEqualTo(ANSWER);
    }

    @Test
    void anIpv4MappedIpv6ClientShouldBeCountedAsItsIpv4Address() {
        AnswerRateLimiter limiter = limiter(100, 1, 100);
        limiter.decide("a@one.test", Optional.of("192.0.2.7"));

        assertThat(limiter.decide("b@two.test", Optional.of("::ffff:192.0.2.7"))).isEqualTo(ANSWER_RATE_LIMITED);
    }

    @Test
    void aFloodOfNewSendersShouldNotEvictTheCounterOfASenderOverItsLimit() {
        AnswerRateLimiter limiter = new AnswerRateLimiter(
            new AnswerRateLimiter.Limits(1, 1000, 1000, Duration.ofHours(1), 100), clock);
        limiter.decide("bob@acme.test", Optional.of("192.0.2.1"));
        assertThat(limiter.decide("bob@acme.test", Optional.of("192.0.2.1"))).isEqualTo(ANSWER_RATE_LIMITED);

        for (int i = 0; i < 1000; i++) {
            limiter.decide("user" + i + "@d" + i + ".test", Optional.of("10.0." + (i / 256) + "." + (i % 256)));
        }

        assertThat(limiter.decide("bob@acme.test", Optional.of("192.0.2.1"))).isEqualTo(SILENCE);
        assertThat(limiter.trackedKeys()).isLessThanOrEqualTo(100);
    }

    @Test
    void countersWhoseWindowClosedShouldMakeRoomForNewOnes() {
        AnswerRateLimiter limiter = new AnswerRateLimiter(
            new AnswerRateLimiter.Limits(10, 1000, 1000, Duration.ofHours(1), 100), clock);
        for (int i = 0; i < 200; i++) {
            limiter.decide("user" + i + "@d" + i + ".test", Optional.empty());
        }
        clock.advance(Duration.ofMinutes(61));

        assertThat(limiter.decide("late@acme.test", Optional.empty())).isEqualTo(ANSWER);
    }

    @Test
    void anAccountShouldHaveItsOwnCounterThatStrangersCannotFill() {
        AnswerRateLimiter limiter = new AnswerRateLimiter(
            new AnswerRateLimiter.Limits(2, 1000, 1000, Duration.ofHours(1), 100), clock);
        for (int i = 0; i < 1000; i++) {
            limiter.decide("alice@example.net", Optional.of("10.0." + (i / 256) + "." + (i % 256)));
        }

        assertThat(limiter.decideForAccount("alice@example.net")).isEqualTo(ANSWER);
        assertThat(limiter.decideForAccount("Alice@example.net")).isEqualTo(ANSWER);
        assertThat(limiter.decideForAccount("alice@example.net")).isEqualTo(ANSWER_RATE_LIMITED);
    }

    @Test
    void aFloodFromOneAddressWithRandomSenderDomainsShouldNotStopANewSenderFromAnotherAddress() {
        AnswerRateLimiter limiter = new AnswerRateLimiter(
            new AnswerRateLimiter.Limits(10, 60, 100, Duration.ofHours(1), 100), clock);
        for (int i = 0; i < 10_000; i++) {
            limiter.decide("x" + i + "@r" + i + ".test", Optional.of("192.0.2.66"));
        }

        assertThat(limiter.decide("carol@other.test", Optional.of("198.51.100.1"))).isEqualTo(ANSWER);
    }

    @Test
    void aFloodFromEveryPrefixOfOneIpv6Slash48ShouldNotStopANewSenderFromAnotherNetwork() {
        AnswerRateLimiter limiter = new AnswerRateLimiter(
            new AnswerRateLimiter.Limits(10, 60, 100, Duration.ofHours(1), 100), clock);
        for (int i = 0; i < 10_000; i++) {
            limiter.decide("x" + i + "@r" + i + ".test", Optional.of("2001:db8:7:" + Integer.toHexString(i) + "::1"));
        }

        assertThat(limiter.decide("carol@other.test", Optional.of("2001:db8:9::1"))).isEqualTo(ANSWER);
    }

    @Test
    void aRequestThatIsSilencedShouldCreateNoCounter() {
        AnswerRateLimiter limiter = new AnswerRateLimiter(
            new AnswerRateLimiter.Limits(10, 1, 100, Duration.ofHours(1), 1000), clock);
        assertThat(limiter.decide("first@one.test", Optional.of("192.0.2.66"))).isEqualTo(ANSWER);
        assertThat(limiter.trackedKeys()).isEqualTo(3);

        assertThat(limiter.decide("x@r.test", Optional.of("192.0.2.66"))).isEqualTo(ANSWER_RATE_LIMITED);
        for (int i = 0; i < 500; i++) {
            assertThat(limiter.decide("x" + i + "@r" + i + ".test", Optional.of("192.0.2.66"))).isEqualTo(SILENCE);
        }

        assertThat(limiter.trackedKeys()).isEqualTo(3);
    }

    @Test
    void requestsOfASenderDomainOverItsLimitShouldCreateNoCounterWhateverTheirSenderOrAddress() {
        AnswerRateLimiter limiter = new AnswerRateLimiter(
            new AnswerRateLimiter.Limits(10, 60, 1, Duration.ofHours(1), 1000), clock);
        limiter.decide("first@flood.test", Optional.of("192.0.2.1"));
        limiter.decide("second@flood.test", Optional.of("192.0.2.1"));

        for (int i = 0; i < 500; i++) {
            limiter.decide("x" + i + "@flood.test", Optional.of("10.0." + (i / 256) + "." + (i % 256)));
        }

        assertThat(limiter.trackedKeys()).isEqualTo(3);
    }

    @Test
    void aClientAtItsShareOfTheTableShouldBeAnsweredAgainOnceItsWindowsClose() {
        AnswerRateLimiter limiter = new AnswerRateLimiter(
            new AnswerRateLimiter.Limits(10, 60, 100, Duration.ofHours(1), 100), clock);
        for (int i = 0; i < 100; i++) {
            limiter.decide("x" + i + "@r" + i + ".test", Optional.of("192.0.2.66"));
        }
        assertThat(limiter.decide("late@late.test", Optional.of("192.0.2.66"))).isNotEqualTo(ANSWER);

        clock.advance(Duration.ofMinutes(61));

        assertThat(limiter.decide("late@late.test", Optional.of("192.0.2.66"))).isEqualTo(ANSWER);
    }
}
