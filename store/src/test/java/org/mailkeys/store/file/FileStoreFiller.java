package org.mailkeys.store.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import org.mailkeys.store.KeyRecord;
import org.mailkeys.store.StoredKey;

/**
 * For the benchmarks (the store's test-jar, in the store's package to write its records): fills a file store's
 * folder with the same files {@link FileKeyStore} writes (record, WKD copy, policy), without the fsync and rename of
 * each write, so that a million keys take minutes rather than hours. The store is opened on the folder afterwards,
 * which checks every record as after a crash.
 */
public final class FileStoreFiller {
    private FileStoreFiller() {
    }

    public static void fill(Path root, int count, IntFunction<StoredKey> key) {
        WebKeyDirectoryLayout layout = new WebKeyDirectoryLayout(root.toAbsolutePath().normalize());
        IntStream.range(0, count).parallel().forEach(i -> {
            StoredKey stored = key.apply(i);
            // no request id, as a record of the first format: no later write counts as this one
            KeyRecord record = KeyRecord.read(stored.address(), stored.version(), Optional.of(stored), Optional.empty(),
                0);
            try {
                write(layout.recordFile(stored.address()), RecordFile.encode(record));
                write(layout.webKeyFile(stored.address()), stored.keyBytes());
                Path policy = layout.policyFile(stored.address());
                if (!Files.exists(policy)) {
                    write(policy, new byte[0]);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void write(Path file, byte[] content) throws IOException {
        try {
            Files.write(file, content);
        } catch (java.nio.file.NoSuchFileException e) {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        }
    }
}
