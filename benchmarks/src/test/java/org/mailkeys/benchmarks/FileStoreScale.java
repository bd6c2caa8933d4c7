package org.mailkeys.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.mailkeys.store.file.FileKeyStore;
import org.mailkeys.store.file.FileStoreFiller;

/**
 * {@code file_store_1m_vs_1k}: lookups per second in a file store of {@link BenchmarkSettings#STORE_LARGE} keys
 * against one of {@link BenchmarkSettings#STORE_SMALL}. Opening the store (which checks every record, as after a
 * crash) is timed apart, like the fill.
 */
final class FileStoreScale {
    private FileStoreScale() {
    }

    static void run(Results results, byte[] keyBytes) throws Exception {
        int small = BenchmarkSettings.STORE_SMALL;
        int large = BenchmarkSettings.STORE_LARGE;
        Path smallFolder = BenchmarkSettings.CACHE.resolve("file-store-" + small);
        Path largeFolder = BenchmarkSettings.CACHE.resolve("file-store-" + large);
        String smallFill = fill(smallFolder, small, keyBytes);
        String largeFill = fill(largeFolder, large, keyBytes);
        long opening = System.nanoTime();
        try (FileKeyStore smallStore = FileKeyStore.open(smallFolder);
             FileKeyStore largeStore = FileKeyStore.open(largeFolder)) {
            double openSeconds = (System.nanoTime() - opening) / 1e9;
            RoundRatios ratios = StoreLookups.compare(smallStore, small, largeStore, large);
            results.add(Figure.measured("file_store_1m_vs_1k", ratios.ratio(), ">= 0.9",
                String.format(Locale.ROOT, "%d vs %d keys, %s; large store %s, both opened in %.0f s", large, small,
                    ratios.describe("lookups/s"), largeFill, openSeconds)));
            results.note("file store of " + small + " keys " + smallFill);
        }
    }

    private static String fill(Path folder, int count, byte[] keyBytes) throws Exception {
        return FilledOnce.ensure(folder.resolveSibling(folder.getFileName() + ".filled"), () -> {
            if (Files.exists(folder)) {
                // what a run cut short left behind
                try (var paths = Files.walk(folder)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
            FileStoreFiller.fill(folder, count, i -> StoreLookups.key(i, keyBytes));
        });
    }
}
