package org.mailkeys.wkd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class ClientLimitsTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-30T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void theRateShouldBeCountedPerClientAndMinute() {
        RequestRateLimiter limiter = new RequestRateLimiter(2, clock);

        assertThat(limiter.tryAcquire("192.0.2.1")).isTrue();
        assertThat(limiter.tryAcquire("192.0.2.1")).isTrue();
        assertThat(limiter.tryAcquire("192.0.2.1")).isFalse();
        assertThat(limiter.tryAcquire("192.0.2.2")).isTrue();

        now.set(now.get().plus(Duration.ofMinutes(1)));
        assertThat(limiter.tryAcquire("192.0.2.1")).isTrue();
    }

    @Test
    void theTableOfClientsShouldStayBounded() {
        RequestRateLimiter limiter = new RequestRateLimiter(1, clock);
        for (int i = 0; i < RequestRateLimiter.MAX_CLIENTS; i++) {
            assertThat(limiter.tryAcquire("client-" + i)).isTrue();
        }

        assertThat(limiter.tryAcquire("one-more")).as("a full table in the same minute refuses").isFalse();

        now.set(now.get().plus(Duration.ofMinutes(1)));
        assertThat(limiter.tryAcquire("one-more")).as("past minutes are dropped").isTrue();
    }

    @Test
    void anIpv6ClientShouldBeCountedPerSlash64() throws Exception {
        String first = ClientAddresses.counted(new InetSocketAddress(InetAddress.getByName("2001:db8:1:2::1"), 1));
        String sameNetwork = ClientAddresses.counted(new InetSocketAddress(
            InetAddress.getByName("2001:db8:1:2:ffff:ffff:ffff:ffff"), 2));
        String otherNetwork = ClientAddresses.counted(new InetSocketAddress(InetAddress.getByName("2001:db8:1:3::1"), 1));

        assertThat(first).isEqualTo(sameNetwork).isNotEqualTo(otherNetwork);
        assertThat(ClientAddresses.counted(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 1)))
            .isEqualTo("192.0.2.7");
    }
}
