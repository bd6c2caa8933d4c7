package org.mailkeys.client.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** The agent's files: folders 0700, files 0600, written whole to a temporary name, synced and renamed. */
final class OwnerOnlyFiles {
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles() {
    }

    static Path folder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            if (folder.getParent() != null) {
                Files.createDirectories(folder.getParent());
            }
            try {
                if (posix(folder)) {
                    Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_DIR));
                } else {
                    Files.createDirectory(folder);
                }
            } catch (FileAlreadyExistsException e) {
                // made meanwhile: the permissions are set below
            }
        }
        if (posix(folder)) {
            Files.setPosixFilePermissions(folder, OWNER_DIR);
        }
        return folder;
    }

    static void write(Path file, byte[] content) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
        if (posix(file.getParent())) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_FILE));
            Files.setPosixFilePermissions(temporary, OWNER_FILE);
        } else {
            Files.createFile(temporary);
        }
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
