package org.mailkeys.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;

/**
 * Where the machine's CPU went during one side of a round: this JVM (James in-process and the benchmark's clients),
 * another process (a Cassandra node), and everything else on the machine (other builds on a shared machine), from
 * the JVM's own counter, the process' counter and the kernel's {@code /proc/stat}. Summed over a side's rounds, it
 * shows whether that side was bound by the CPU and which process spent it.
 */
final class CpuUse {
    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux
    private double wallSeconds;
    private double jvmSeconds;
    private double otherProcessSeconds;
    private double machineBusySeconds;
    private double machineSeconds;

    /** A reading of the counters at one moment. */
    static final class Reading {
        private final long wall = System.nanoTime();
        private final long jvm = jvmCpuNanos();
        private final long other;
        private final long[] machine = machineTicks();

        private Reading(LongSupplier process) {
            this.other = process.getAsLong();
        }
    }

    /** The counters now; {@code process} gives the other process' CPU nanoseconds so far (the Cassandra node's). */
    static Reading read(LongSupplier process) {
        return new Reading(process);
    }

    /**
     * Runs one side of a round and adds what the counters moved meanwhile; {@code process} gives the other process'
     * CPU nanoseconds so far (the Cassandra node's). Returns what the side returned (its seconds).
     */
    <T> T during(LongSupplier process, Callable<T> side) throws Exception {
        Reading before = read(process);
        T result = side.call();
        add(before, read(process));
        return result;
    }

    /** As above, with no other process to count. */
    <T> T during(Callable<T> side) throws Exception {
        return during(() -> 0, side);
    }

    /** Adds what happened between two readings. */
    void add(Reading from, Reading to) {
        wallSeconds += (to.wall - from.wall) / 1e9;
        jvmSeconds += (to.jvm - from.jvm) / 1e9;
        otherProcessSeconds += (to.other - from.other) / 1e9;
        machineBusySeconds += (to.machine[0] - from.machine[0]) / TICKS_PER_SECOND;
        machineSeconds += (to.machine[1] - from.machine[1]) / TICKS_PER_SECOND;
    }

    /**
     * The same counters over {@code seconds} while nothing is asked of James: what the JVM (timers, the key log's
     * sequencer, the driver's heartbeats), the node and the rest of the machine spend per second anyway.
     */
    static CpuUse idle(LongSupplier process, double seconds) throws InterruptedException {
        CpuUse idle = new CpuUse();
        Reading before = read(process);
        Thread.sleep((long) (seconds * 1000));
        idle.add(before, read(process));
        return idle;
    }

    /**
     * "net of idle, CPU per request: JVM 3.2 ms, node 0.9 ms": what this side's requests cost beyond what the same
     * wall time costs when idle ({@code idle} measured apart), the rest of the machine left out.
     */
    String perRequestNetOf(CpuUse idle, int requests, String otherName) {
        double jvm = jvmSeconds - idle.jvmSeconds / idle.wallSeconds * wallSeconds;
        double other = otherProcessSeconds - idle.otherProcessSeconds / idle.wallSeconds * wallSeconds;
        return String.format(java.util.Locale.ROOT, "net of idle, CPU per request: JVM %.2f ms, %s %.2f ms",
            jvm * 1e3 / requests, otherName, other * 1e3 / requests);
    }

    /** "idle: JVM 3 %, node 8 % of a processor". */
    String idleShares(String otherName) {
        return String.format(java.util.Locale.ROOT, "idle: JVM %.0f %%, %s %.0f %% of a processor",
            100 * jvmSeconds / wallSeconds, otherName, 100 * otherProcessSeconds / wallSeconds);
    }

    /** This JVM's CPU milliseconds per request (James in-process and the benchmark's clients). */
    double jvmMillisPer(int requests) {
        return jvmSeconds * 1e3 / requests;
    }

    /** "CPU per request: JVM 4.1 ms, node 1.2 ms, rest of machine 0.3 ms; machine busy 96 %". */
    String perRequest(int requests, String otherName) {
        double rest = Math.max(0, machineBusySeconds - jvmSeconds - otherProcessSeconds);
        return String.format(java.util.Locale.ROOT, "CPU per request: JVM %.2f ms, %s %.2f ms, rest of machine %.2f ms; "
                + "machine busy %.0f %%", jvmSeconds * 1e3 / requests, otherName, otherProcessSeconds * 1e3 / requests,
            rest * 1e3 / requests, machineSeconds == 0 ? 0 : 100 * machineBusySeconds / machineSeconds);
    }

    private static long jvmCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
            ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : 0;
    }

    /** Busy and total ticks of all processors, from the first line of /proc/stat (zeros where there is none). */
    private static long[] machineTicks() {
        try {
            String[] fields = Files.readAllLines(Paths.get("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            long idle = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                long value = Long.parseLong(fields[i]);
                total += value;
                if (i == 4 || i == 5) { // idle, iowait
                    idle += value;
                }
            }
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
