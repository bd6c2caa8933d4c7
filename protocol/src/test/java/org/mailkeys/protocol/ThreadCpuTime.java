package org.mailkeys.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/**
 * The CPU time the calling thread spends on a piece of work: what a "refused without the costly verification" test
 * measures. Unlike the wall clock it does not grow while the thread waits for a core on a loaded machine, so the
 * bound can stay far below the seconds of CPU the costly path takes and the test still means what it says. The same
 * clock as {@code WorkBudget}'s.
 */
public final class ThreadCpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ThreadCpuTime() {
    }

    /** Work that may throw, run on the calling thread. */
    public interface Work<T> {
        T run() throws Exception;
    }

    /** Runs {@code work} and returns its result; fails when it took {@code bound} or more of this thread's CPU time. */
    public static <T> T atMost(Duration bound, Work<T> work) throws Exception {
        assertThat(THREADS.isCurrentThreadCpuTimeSupported()).as("thread CPU time measurable").isTrue();
        long start = THREADS.getCurrentThreadCpuTime();
        T result = work.run();
        assertThat(Duration.ofNanos(THREADS.getCurrentThreadCpuTime() - start)).as("CPU time of the work")
            .isLessThan(bound);
        return result;
    }

    /** The CPU time this thread spends running {@code work}. */
    public static Duration of(Runnable work) {
        long start = THREADS.getCurrentThreadCpuTime();
        work.run();
        return Duration.ofNanos(THREADS.getCurrentThreadCpuTime() - start);
    }
}
