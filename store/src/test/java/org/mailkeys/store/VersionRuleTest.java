package org.mailkeys.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class VersionRuleTest {
    static final Instant NOW = Instant.parse("2026-11-28T10:00:00.123456Z");
    static final long NOW_MICROS = 1_795_860_000_123_456L;
    final Clock fixed = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void aVersionShouldBeTheClockInMicrosecondsAboveTheNodeId() {
        VersionRule rule = new VersionRule(fixed, new NodeName("node-1"));

        WriteTicket ticket = rule.next(0);

        assertThat(ticket.version() >>> VersionRule.NODE_BITS).isEqualTo(NOW_MICROS);
        assertThat(VersionRule.nodeIdOf(ticket.version())).isEqualTo(rule.nodeId());
        assertThat(ticket.seen()).isZero();
    }

    @Test
    void versionsOfOneRuleShouldStrictlyIncreaseOnAFixedClock() {
        VersionRule rule = new VersionRule(fixed, new NodeName("node-1"));
        Set<Long> versions = new HashSet<>();
        long previous = 0;
        for (int i = 0; i < 1000; i++) {
            long version = rule.next(0).version();
            assertThat(version).isGreaterThan(previous);
            versions.add(version);
            previous = version;
        }
        assertThat(versions).hasSize(1000);
    }

    @Test
    void aVersionShouldBeAboveTheVersionSeenWhenTheClockIsBehind() {
        VersionRule rule = new VersionRule(fixed, new NodeName("node-1"));
        long seen = (NOW_MICROS + 3_600_000_000L) << VersionRule.NODE_BITS | 7;

        WriteTicket ticket = rule.next(seen);

        assertThat(ticket.version()).isGreaterThan(seen);
        assertThat(ticket.seen()).isEqualTo(seen);
    }

    @Test
    void twoNodesOnAFixedClockBehindTheStoredVersionShouldGetDifferentVersions() {
        long stored = (NOW_MICROS + 3_600_000_000L) << VersionRule.NODE_BITS;
        VersionRule one = new VersionRule(fixed, new NodeName("node-1"));
        VersionRule two = new VersionRule(fixed, new NodeName("node-2"));

        WriteTicket first = one.next(stored);
        WriteTicket second = two.next(stored);

        assertThat(one.nodeId()).isNotEqualTo(two.nodeId());
        assertThat(first.version()).isNotEqualTo(second.version());
        assertThat(first.requestId()).isNotEqualTo(second.requestId());
    }

    @Test
    void versionsFromBeforeTheRuleShouldAllBeBelowItsVersions() {
        long plainMicrosAnHourAhead = NOW_MICROS + 3_600_000_000L;

        assertThat(new VersionRule(fixed, new NodeName("node-1")).next(plainMicrosAnHourAhead).version())
            .isGreaterThan(plainMicrosAnHourAhead);
    }

    @Test
    void aClockThatGoesBackShouldNotMakeVersionsGoBack() {
        MutableClock clock = new MutableClock(NOW);
        VersionRule rule = new VersionRule(clock, new NodeName("node-1"));
        long before = rule.next(0).version();

        clock.set(NOW.minusSeconds(3600));

        assertThat(rule.next(0).version()).isGreaterThan(before);
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
