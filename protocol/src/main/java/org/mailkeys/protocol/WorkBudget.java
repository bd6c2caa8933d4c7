package org.mailkeys.protocol;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/**
 * The time one key may cost (docs/PROTOCOL.md 2.2 item 5). It is counted on the checking thread's own CPU clock, so
 * that a machine loaded by other threads or processes does not spend a legitimate key's budget while the thread
 * waits for a core; a crafted key still runs out of it after the same amount of work. A wall-clock limit of
 * {@value #WALL_CLOCK_FACTOR} times the budget stays as a backstop, and is the only limit where the JVM measures no
 * thread CPU time.
 */
final class WorkBudget {
    static final int WALL_CLOCK_FACTOR = 10;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final boolean cpuClock;
    private final long cpuEnd;
    private final long wallEnd;

    private WorkBudget(Duration budget) {
        long nanos = budget.toNanos();
        this.cpuClock = THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
        this.cpuEnd = cpuClock ? THREADS.getCurrentThreadCpuTime() + nanos : 0;
        this.wallEnd = System.nanoTime() + (cpuClock ? nanos * WALL_CLOCK_FACTOR : nanos);
    }

    /** A budget that starts now, on the calling thread: only that thread may ask {@link #spent()}. */
    static WorkBudget startingNow(Duration budget) {
        return new WorkBudget(budget);
    }

    boolean spent() {
        return System.nanoTime() - wallEnd >= 0 || (cpuClock && THREADS.getCurrentThreadCpuTime() - cpuEnd >= 0);
    }
}
