package org.mailkeys.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A store filled once and reused by later runs: a marker file written after the fill says it is complete, so a run
 * cut short fills it again rather than measuring half a store.
 */
final class FilledOnce {
    @FunctionalInterface
    interface Fill {
        void fill() throws Exception;
    }

    private FilledOnce() {
    }

    /** Fills unless the marker exists; returns how long the fill took, or says that it was filled before (by this run or an earlier one). */
    static String ensure(Path marker, Fill fill) throws Exception {
        if (Files.exists(marker)) {
            return "already filled (" + Files.readString(marker).trim() + ")";
        }
        long start = System.nanoTime();
        fill.fill();
        String took = String.format(Locale.ROOT, "filled in %.0f s", (System.nanoTime() - start) / 1e9);
        write(marker, took);
        return took;
    }

    private static void write(Path marker, String text) throws IOException {
        Files.createDirectories(marker.getParent());
        Files.writeString(marker, text + "\n");
    }
}
