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

    @Test
    void aFloodFromEveryPrefixOfAnIpv6Slash47ShouldNotFillTheTableForNewClients() throws Exception {
        RequestRateLimiter limiter = new RequestRateLimiter(120, clock);
        for (int i = 0; i < 2 * 65_536; i++) {
            limiter.tryAcquire(v6("2001:db8:" + (i >> 16) + ":" + Integer.toHexString(i & 0xffff) + "::1"));
        }

        assertThat(limiter.tryAcquire(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 1))).isTrue();
        assertThat(limiter.tryAcquire(v6("2001:db8:ff::1"))).isTrue();
    }

    @Test
    void anIpv6Slash48ShouldBeLimitedAsAWholeAtEightTimesTheRateOfOneClient() throws Exception {
        RequestRateLimiter limiter = new RequestRateLimiter(2, clock);
        int allowed = 0;
        for (int i = 0; i < 100; i++) {
            if (limiter.tryAcquire(v6("2001:db8:5:" + Integer.toHexString(i) + "::1"))) {
                allowed++;
            }
        }

        assertThat(allowed).isEqualTo(2 * ClientAddresses.SITE_FACTOR);
        assertThat(limiter.tryAcquire(v6("2001:db8:6::1"))).isTrue();
        now.set(now.get().plus(Duration.ofMinutes(1)));
        assertThat(limiter.tryAcquire(v6("2001:db8:5:ffff::1"))).isTrue();
    }

    @Test
    void theRateOfConnectionAttemptsShouldBeCountedPerSecond() throws Exception {
        RequestRateLimiter attempts = new RequestRateLimiter(2, Duration.ofSeconds(1), clock);
        InetSocketAddress client = new InetSocketAddress(InetAddress.getByName("192.0.2.9"), 1);

        assertThat(attempts.tryAcquire(client)).isTrue();
        assertThat(attempts.tryAcquire(client)).isTrue();
        assertThat(attempts.tryAcquire(client)).isFalse();

        now.set(now.get().plus(Duration.ofSeconds(1)));
        assertThat(attempts.tryAcquire(client)).isTrue();
    }

    @Test
    void anIpv6ClientShouldAlsoBelongToItsSlash48AndAnIpv4ClientToNone() throws Exception {
        assertThat(ClientAddresses.site(v6("2001:db8:1:2::1"))).isEqualTo(ClientAddresses.site(v6("2001:db8:1:ffff::9")))
            .isNotEqualTo(ClientAddresses.site(v6("2001:db8:2:2::1"))).isPresent();
        assertThat(ClientAddresses.site(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 1))).isEmpty();
        assertThat(ClientAddresses.site(new InetSocketAddress(InetAddress.getByName("::ffff:192.0.2.7"), 1))).isEmpty();
    }

    private static InetSocketAddress v6(String address) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(address), 443);
    }
}
