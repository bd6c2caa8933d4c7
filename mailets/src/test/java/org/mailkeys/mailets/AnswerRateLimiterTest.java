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
}
