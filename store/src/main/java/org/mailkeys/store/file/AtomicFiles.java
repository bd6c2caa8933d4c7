package org.mailkeys.store.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.UUID;

/**
 * Durable, all-or-nothing file writes: write a temporary file in the target's folder, fsync it, rename it over the
 * target (atomic on POSIX file systems), then fsync the folder so that the rename itself survives a crash. A reader
 * sees the old file or the new one, never a part of either.
 */
final class AtomicFiles {
    private static final String TEMPORARY_PREFIX = ".";
    private static final String TEMPORARY_SUFFIX = ".tmp";
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");

    private AtomicFiles() {
    }

    static void write(Path target, byte[] content) throws IOException {
        Path folder = target.getParent();
        createFolders(folder);
        Path temporary = folder.resolve(TEMPORARY_PREFIX + target.getFileName() + "." + UUID.randomUUID()
            + TEMPORARY_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        syncFolder(folder);
    }

    static void delete(Path target) throws IOException {
        if (Files.deleteIfExists(target)) {
            syncFolder(target.getParent());
        }
    }

    /** Reads a whole file, or returns null when it does not exist. */
    static byte[] readIfExists(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Whether a file is a temporary file this class wrote, left behind by a crash before its rename. */
    static boolean isTemporary(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(TEMPORARY_PREFIX) && name.endsWith(TEMPORARY_SUFFIX);
    }

    /** Creates the missing folders of a path, syncing each parent so that a new folder survives a crash. */
    static void createFolders(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        createFolders(folder.getParent());
        try {
            Files.createDirectory(folder);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!Files.isDirectory(folder)) {
                throw e;
            }
            return;
        }
        syncFolder(folder.getParent());
    }

    static void syncFolder(Path folder) throws IOException {
        if (WINDOWS) {
            // Windows cannot open a folder as a channel; NTFS journals the rename itself.
            return;
        }
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
