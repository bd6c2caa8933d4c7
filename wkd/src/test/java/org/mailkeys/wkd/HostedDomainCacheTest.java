package org.mailkeys.wkd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class HostedDomainCacheTest {
    final AtomicLong nanos = new AtomicLong(1_000);
    final HostedDomainCache cache = new HostedDomainCache(3, Duration.ofSeconds(5), nanos::get);

    @Test
    void anUnknownDomainShouldNotBeKnownHosted() {
        assertThat(cache.knownHosted("example.net")).isFalse();
    }

    @Test
    void aHostedAnswerShouldBeKeptForItsLife() {
        cache.remember("example.net", true);
        nanos.addAndGet(Duration.ofSeconds(5).toNanos() - 1);

        assertThat(cache.knownHosted("example.net")).isTrue();
    }

    @Test
    void aHostedAnswerShouldExpire() {
        cache.remember("example.net", true);
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());

        assertThat(cache.knownHosted("example.net")).isFalse();
        assertThat(cache.size()).isZero();
    }

    @Test
    void aNotHostedAnswerShouldNeverBeKept() {
        for (int i = 0; i < 10_000; i++) {
            cache.remember(UUID.randomUUID() + ".example", false);
        }

        assertThat(cache.size()).isZero();
    }

    @Test
    void aNotHostedAnswerShouldForgetAnEarlierHostedOne() {
        cache.remember("example.net", true);
        cache.remember("example.net", false);

        assertThat(cache.knownHosted("example.net")).isFalse();
    }

    @Test
    void aFullCacheShouldNotGrow() {
        cache.remember("a.example", true);
        cache.remember("b.example", true);
        cache.remember("c.example", true);
        cache.remember("d.example", true);

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.knownHosted("d.example")).isFalse();
        assertThat(cache.knownHosted("a.example")).isTrue();
    }

    @Test
    void aFullCacheShouldMakeRoomByDroppingExpiredEntries() {
        cache.remember("a.example", true);
        cache.remember("b.example", true);
        nanos.addAndGet(Duration.ofSeconds(3).toNanos());
        cache.remember("c.example", true);
        nanos.addAndGet(Duration.ofSeconds(3).toNanos());

        cache.remember("d.example", true);

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.knownHosted("c.example")).isTrue();
        assertThat(cache.knownHosted("d.example")).isTrue();
    }

    @Test
    void aRenewedAnswerShouldLiveFromItsRenewal() {
        cache.remember("example.net", true);
        nanos.addAndGet(Duration.ofSeconds(4).toNanos());
        cache.remember("example.net", true);
        nanos.addAndGet(Duration.ofSeconds(4).toNanos());

        assertThat(cache.knownHosted("example.net")).isTrue();
    }

    @Test
    void aCacheWithoutRoomOrLifeShouldBeRefused() {
        assertThatThrownBy(() -> new HostedDomainCache(0, Duration.ofSeconds(5), nanos::get))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostedDomainCache(10, Duration.ZERO, nanos::get))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
