package org.mailkeys.wkd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.junit.jupiter.api.Test;

import io.netty.channel.embedded.EmbeddedChannel;

class ConnectionLimiterTest {
    private final RecordingMetricFactory metrics = new RecordingMetricFactory();
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC);

    private ConnectionLimiter limiter(int maxConnections, int maxPerClient, int connectsPerSecond) {
        return new ConnectionLimiter(maxConnections, maxPerClient,
            new RequestRateLimiter(connectsPerSecond, Duration.ofSeconds(1), clock), new WkdMetrics(metrics));
    }

    /** A channel that says it comes from this address. */
    private static EmbeddedChannel from(String address) throws UnknownHostException {
        SocketAddress remote = new InetSocketAddress(InetAddress.getByName(address), 40_000);
        return new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return remote;
            }
        };
    }

    @Test
    void anIpv6Slash48ShouldHoldAtMostEightTimesTheShareOfOneClient() throws Exception {
        ConnectionLimiter limiter = limiter(10_000, 2, 1_000);
        int admitted = 0;
        for (int network = 0; network < 20; network++) {
            for (int connection = 0; connection < 2; connection++) {
                if (limiter.admit(from("2001:db8:5:" + Integer.toHexString(network) + "::" + (connection + 1)))) {
                    admitted++;
                }
            }
        }

        assertThat(admitted).isEqualTo(2 * ClientAddresses.SITE_FACTOR);
        assertThat(limiter.admit(from("2001:db8:6::1"))).isTrue();
        assertThat(metrics.countFor(WkdMetrics.CONNECTIONS_REFUSED)).isEqualTo(40 - admitted);
    }

    @Test
    void connectionAttemptsOverTheAddressRateShouldBeRefusedBeforeTheSlotsAreCounted() throws Exception {
        ConnectionLimiter limiter = limiter(10_000, 100, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.admit(from("192.0.2.66"))).isTrue();
        }

        assertThat(limiter.admit(from("192.0.2.66"))).isFalse();
        assertThat(limiter.openConnections()).isEqualTo(3);
        assertThat(metrics.countFor(WkdMetrics.CONNECTS_RATE_LIMITED)).isEqualTo(1);
        assertThat(limiter.admit(from("192.0.2.67"))).isTrue();
    }

    @Test
    void aClosedConnectionShouldGiveItsSlotsBack() throws Exception {
        ConnectionLimiter limiter = limiter(10_000, 1, 1_000);
        EmbeddedChannel first = from("2001:db8:7::1");
        assertThat(limiter.admit(first)).isTrue();
        first.pipeline().addLast(limiter);
        assertThat(limiter.admit(from("2001:db8:7::2"))).isFalse();

        first.close();

        assertThat(limiter.openConnections()).isZero();
        assertThat(limiter.admit(from("2001:db8:7::2"))).isTrue();
    }

    @Test
    void moreThanHalfOfTheConnectionsTakenShouldBePressure() throws Exception {
        ConnectionLimiter limiter = limiter(4, 10, 1_000);
        limiter.admit(from("192.0.2.1"));
        limiter.admit(from("192.0.2.2"));
        assertThat(limiter.underPressure()).isFalse();

        limiter.admit(from("192.0.2.3"));

        assertThat(limiter.underPressure()).isTrue();
    }
}
