package org.mailkeys.testing;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A program started by {@link Command#start()}. {@link #close()} ends it and every process it spawned (a script's
 * JVM, a gpg's agents started under it, a shell's children), whatever state the test left it in: SIGTERM first,
 * SIGKILL for what is still alive after the grace period. The process tree is read before the parent is signalled:
 * once a parent is gone its children are re-parented and no longer its descendants. Programs still running when
 * the test JVM exits (a test that forgot to close) are killed by a shutdown hook.
 */
public final class RunningProgram implements AutoCloseable {
    /** What {@link #stop} returns when the program had to be killed. */
    public static final int KILLED = -1;
    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    private static final Set<RunningProgram> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(LIVE).forEach(RunningProgram::kill),
            "kill-test-programs"));
    }

    private final Command command;
    private final Process process;
    /** Every descendant seen so far, so that one re-parented after its parent died is still stopped. */
    private final Set<ProcessHandle> tree = new LinkedHashSet<>();

    RunningProgram(Command command, Process process) {
        this.command = command;
        this.process = process;
        LIVE.add(this);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit status; throws {@link IllegalThreadStateException} while it runs. */
    public int exitValue() {
        return process.exitValue();
    }

    /** The program's standard output (with standard error when merged), when not redirected to a file. */
    public InputStream stdout() {
        return process.getInputStream();
    }

    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /** Waits until the program has ended; false when it still runs after {@code timeout}. */
    public boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * SIGTERM to the program and every process it spawned, as Ctrl-C reaches a terminal's foreground job; returns at
     * once.
     */
    public void terminateAll() {
        List<ProcessHandle> all = snapshot();
        all.forEach(ProcessHandle::destroy);
        process.destroy();
    }

    /**
     * SIGTERM to the program alone, as a service manager stops it, and waits up to {@code grace} for it to end;
     * then its whole tree is killed. Returns the program's exit status, or {@link #KILLED}.
     */
    public int stop(Duration grace) {
        snapshot();
        process.destroy();
        boolean ended;
        try {
            ended = process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ended = false;
        }
        int status = ended ? process.exitValue() : KILLED;
        kill();
        return status;
    }

    /** SIGKILL to the program and all it spawned, as a power cut would; waits until all of them are gone. */
    public void kill() {
        List<ProcessHandle> all = snapshot();
        all.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        all.add(process.toHandle());
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> all.stream().noneMatch(ProcessHandle::isAlive));
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(command + ": processes still alive after SIGKILL: "
                + all.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).collect(Collectors.toList()), e);
        } finally {
            LIVE.remove(this);
        }
    }

    /** Stops the program within 30 s (SIGTERM, then SIGKILL) and everything it spawned. */
    @Override
    public void close() {
        if (process.isAlive()) {
            stop(DEFAULT_GRACE);
        } else {
            kill();
        }
    }

    private synchronized List<ProcessHandle> snapshot() {
        process.descendants().forEach(tree::add);
        return new ArrayList<>(tree);
    }

    @Override
    public String toString() {
        return command + " (pid " + process.pid() + ")";
    }
}
