package org.mailkeys.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Items shared out over parallel workers (worker w takes items w, w + n, w + 2n...), each worker on its own thread
 * with its own resources (a connection, a keyring); returns the seconds until the last item is done.
 */
public final class Workers {
    @FunctionalInterface
    public interface Worker<R extends AutoCloseable> {
        R open(int worker) throws Exception;
    }

    @FunctionalInterface
    public interface Job<R> {
        void run(R resource, int item) throws Exception;
    }

    /** A worker's resource for workers that need none. */
    public static final class Nothing implements AutoCloseable {
        @Override
        public void close() {
        }
    }

    private Workers() {
    }

    public static <R extends AutoCloseable> double run(int items, int workers, Worker<R> opener, Job<R> job) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(workers);
        try {
            long start = System.nanoTime();
            List<Future<Void>> running = new ArrayList<>();
            for (int worker = 0; worker < workers; worker++) {
                int first = worker;
                running.add(threads.submit(() -> {
                    try (R resource = opener.open(first)) {
                        for (int item = first; item < items; item += workers) {
                            job.run(resource, item);
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> done : running) {
                done.get();
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            threads.shutdownNow();
        }
    }
}
