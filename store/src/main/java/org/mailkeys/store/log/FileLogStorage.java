package org.mailkeys.store.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;

import org.mailkeys.transparency.LogBatch;
import org.mailkeys.transparency.LogKeys;
import org.mailkeys.transparency.LogStorage;
import org.mailkeys.transparency.PendingChange;
import org.mailkeys.transparency.TileId;

/**
 * The key log in files, beside the file key store. Two folders:
 *
 * <pre>
 * &lt;folder&gt;/public/checkpoint              the latest signed checkpoint
 * &lt;folder&gt;/public/tile/&lt;L&gt;/&lt;N&gt;[.p/&lt;W&gt;]     hash tiles, as C2SP tlog-tiles names them
 * &lt;folder&gt;/public/tile/entries/&lt;N&gt;[.p/&lt;W&gt;] entry bundles
 * &lt;folder&gt;/private/keys                  the signing and VRF keys (owner-only)
 * &lt;folder&gt;/private/batches/&lt;old size&gt;    the last committed batch
 * &lt;folder&gt;/private/index/&lt;label&gt;-&lt;version&gt;  an entry's index
 * &lt;folder&gt;/private/pending/&lt;id&gt;         a change not in the log yet
 * </pre>
 *
 * {@code public/} is what a plain web server may serve as {@code /.well-known/mailkeys/log/}; {@code private/} is
 * the owner's only. Every file is written to a temporary name, synced and renamed; a batch is committed by a hard
 * link, which fails when the name exists, so at most one batch extends each size.
 */
public final class FileLogStorage implements LogStorage {
    private static final String BATCH_FORMAT = "%019d";

    private final Path publicFolder;
    private final Path privateFolder;
    private final Path batches;
    private final Path index;
    private final Path pending;

    private FileLogStorage(Path folder) {
        this.publicFolder = folder.resolve("public");
        this.privateFolder = folder.resolve("private");
        this.batches = privateFolder.resolve("batches");
        this.index = privateFolder.resolve("index");
        this.pending = privateFolder.resolve("pending");
    }

    public static FileLogStorage open(Path folder) throws IOException {
        FileLogStorage storage = new FileLogStorage(folder.toAbsolutePath().normalize());
        Files.createDirectories(storage.publicFolder);
        if (!Files.isDirectory(storage.privateFolder)) {
            Files.createDirectories(storage.privateFolder,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.setPosixFilePermissions(storage.privateFolder, PosixFilePermissions.fromString("rwx------"));
        for (Path sub : List.of(storage.batches, storage.index, storage.pending)) {
            Files.createDirectories(sub);
        }
        return storage;
    }

    /** The folder a plain web server may serve as the log's prefix. */
    public Path publicFolder() {
        return publicFolder;
    }

    @Override
    public Optional<byte[]> read(TileId tile) throws IOException {
        return readIfExists(publicFolder.resolve(tile.path()));
    }

    @Override
    public void writeTile(TileId tile, byte[] bytes) throws IOException {
        Path file = publicFolder.resolve(tile.path());
        Optional<byte[]> existing = readIfExists(file);
        if (existing.isPresent()) {
            if (!Arrays.equals(existing.get(), bytes)) {
                throw new IOException("Tile " + tile.path() + " exists with other bytes");
            }
            return;
        }
        Files.createDirectories(file.getParent());
        writeAtomically(file, bytes);
    }

    @Override
    public boolean commit(LogBatch batch) throws IOException {
        Path file = batches.resolve(String.format(BATCH_FORMAT, batch.oldSize()));
        Path temporary = temporaryBeside(file);
        write(temporary, batch.encode());
        try {
            Files.createLink(file, temporary);
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temporary);
        }
        syncFolder(batches);
        // the batches before are finished (a batch is committed only after the one before it): only the last counts
        try (Stream<Path> files = Files.list(batches)) {
            for (Path older : (Iterable<Path>) files::iterator) {
                if (older.getFileName().toString().compareTo(file.getFileName().toString()) < 0) {
                    Files.deleteIfExists(older);
                }
            }
        }
        return true;
    }

    @Override
    public Optional<LogBatch> lastBatch() throws IOException {
        Optional<Path> last;
        try (Stream<Path> files = Files.list(batches)) {
            last = files.filter(file -> !file.getFileName().toString().startsWith("."))
                .max(Comparator.comparing(file -> file.getFileName().toString()));
        }
        if (last.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(LogBatch.decode(Files.readAllBytes(last.get())));
    }

    @Override
    public Optional<String> checkpoint() throws IOException {
        return readIfExists(publicFolder.resolve("checkpoint")).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void advanceCheckpoint(long size, String note) throws IOException {
        Optional<String> current = checkpoint();
        if (current.isPresent() && sizeOf(current.get()) >= size) {
            return;
        }
        writeAtomically(publicFolder.resolve("checkpoint"), note.getBytes(StandardCharsets.UTF_8));
    }

    private static long sizeOf(String note) {
        return Long.parseLong(note.split("\n", 3)[1]);
    }

    @Override
    public void index(byte[] label, long version, long entryIndex) throws IOException {
        writeAtomically(indexFile(label, version), Long.toString(entryIndex).getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public OptionalLong indexOf(byte[] label, long version) throws IOException {
        Optional<byte[]> found = readIfExists(indexFile(label, version));
        return found.isEmpty() ? OptionalLong.empty()
            : OptionalLong.of(Long.parseLong(new String(found.get(), StandardCharsets.US_ASCII)));
    }

    private Path indexFile(byte[] label, long version) {
        StringBuilder hex = new StringBuilder();
        for (byte b : label) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return index.resolve(hex + "-" + version);
    }

    @Override
    public void addPending(PendingChange change) throws IOException {
        String text = change.version() + "\n" + change.existingKey() + "\n" + change.since().toEpochMilli() + "\n"
            + change.address();
        writeAtomically(pending.resolve(change.id()), text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public List<PendingChange> pending(int limit) throws IOException {
        List<PendingChange> changes = new ArrayList<>();
        try (Stream<Path> files = Files.list(pending)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().startsWith(".")) {
                    continue;
                }
                Optional<byte[]> bytes = readIfExists(file);
                if (bytes.isPresent()) {
                    String[] lines = new String(bytes.get(), StandardCharsets.UTF_8).split("\n", 4);
                    changes.add(new PendingChange(lines[3], Long.parseLong(lines[0]), Boolean.parseBoolean(lines[1]),
                        Instant.ofEpochMilli(Long.parseLong(lines[2]))));
                }
            }
        }
        changes.sort(Comparator.comparing(PendingChange::since));
        return changes.subList(0, Math.min(limit, changes.size()));
    }

    @Override
    public void removePending(PendingChange change) throws IOException {
        Files.deleteIfExists(pending.resolve(change.id()));
    }

    @Override
    public Optional<LogKeys> keys() throws IOException {
        Optional<byte[]> bytes = readIfExists(privateFolder.resolve("keys"));
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(LogKeys.decode(bytes.get()).orElseThrow(
            () -> new IOException("The key log's keys file is damaged")));
    }

    @Override
    public synchronized LogKeys keysOrCreate(LogKeys candidate) throws IOException {
        Path file = privateFolder.resolve("keys");
        Path temporary = temporaryBeside(file);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            write(temporary, candidate.encode());
            Files.createLink(file, temporary);
            syncFolder(privateFolder);
        } catch (FileAlreadyExistsException e) {
            // made before (or by an operator): keep it
        } finally {
            Files.deleteIfExists(temporary);
        }
        return keys().orElseThrow();
    }

    private static Optional<byte[]> readIfExists(Path file) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static Path temporaryBeside(Path file) {
        return file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
    }

    private static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path temporary = temporaryBeside(file);
        try {
            write(temporary, bytes);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
        syncFolder(file.getParent());
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(bytes));
            channel.force(true);
        }
    }

    private static void syncFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
