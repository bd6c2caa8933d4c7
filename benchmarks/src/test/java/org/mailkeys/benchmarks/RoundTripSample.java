package org.mailkeys.benchmarks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * One round trip of {@link RoundTrips}: which side it was, its place in the run, its time, and what happened while it
 * ran that could make it slow: EXISTS answers James' IMAP server lost (each one a STATUS wait and a new SELECT, see
 * {@code ImapArrival}), and the time the JVM (James and the benchmark share it) spent collecting garbage.
 */
final class RoundTripSample {
    /** The three kinds of round trip the latency figures compare. */
    enum Side {
        PLAIN("plain"), TWO_PASS("two-pass"), REQUEST("key requests");

        private final String label;

        Side(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }

        static Side of(OutgoingMail mail) {
            if (mail.kAuth() != null) {
                return REQUEST;
            }
            return mail.sender().equals(BenchmarkJames.TWO_PASS_SENDER) ? TWO_PASS : PLAIN;
        }
    }

    private final Side side;
    private final int order;
    private final double millis;
    private final int lostExists;
    private final long gcMillis;

    RoundTripSample(Side side, int order, double millis, int lostExists, long gcMillis) {
        this.side = side;
        this.order = order;
        this.millis = millis;
        this.lostExists = lostExists;
        this.gcMillis = gcMillis;
    }

    Side side() {
        return side;
    }

    /** The place of this round trip among all of them (every side counted), from 0. */
    int order() {
        return order;
    }

    double millis() {
        return millis;
    }

    /** EXISTS answers lost (INBOX selected again) while this round trip waited. */
    int lostExists() {
        return lostExists;
    }

    /** Milliseconds of garbage collection (all collectors, pauses and concurrent cycles alike) during the round trip. */
    long gcMillis() {
        return gcMillis;
    }

    /** Collection time of every collector of this JVM so far. */
    static long gcMillisSoFar() {
        long total = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, collector.getCollectionTime());
        }
        return total;
    }
}
