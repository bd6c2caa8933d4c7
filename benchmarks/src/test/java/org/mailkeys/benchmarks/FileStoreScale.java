package org.mailkeys.benchmarks;

import java.nio.file.Path;
import java.util.Locale;

import org.mailkeys.store.file.FileKeyStore;
import org.mailkeys.store.file.FileStoreFiller;

/** {@code file_store_1m_vs_1k}: lookups per second in a file store of {@link BenchmarkSettings#STORE_LARGE} keys against one of 1,000. */
final class FileStoreScale {
    private FileStoreScale() {
    }

    static void run(Results results, Path folder, byte[] keyBytes) throws Exception {
        int small = BenchmarkSettings.STORE_SMALL;
        int large = BenchmarkSettings.STORE_LARGE;
        long start = System.nanoTime();
        FileStoreFiller.fill(folder.resolve("small"), small, i -> StoreLookups.key(i, keyBytes));
        FileStoreFiller.fill(folder.resolve("large"), large, i -> StoreLookups.key(i, keyBytes));
        try (FileKeyStore smallStore = FileKeyStore.open(folder.resolve("small"));
             FileKeyStore largeStore = FileKeyStore.open(folder.resolve("large"))) {
            double fillSeconds = (System.nanoTime() - start) / 1e9;
            RoundRatios ratios = StoreLookups.compare(smallStore, small, largeStore, large);
            results.add(Figure.measured("file_store_1m_vs_1k", ratios.ratio(), ">= 0.9",
                String.format(Locale.ROOT, "%d vs %d keys, %s; fill and open %.0f s", large, small,
                    ratios.describe("lookups/s"), fillSeconds)));
        }
    }
}
