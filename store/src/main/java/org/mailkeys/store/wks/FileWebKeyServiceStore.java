package org.mailkeys.store.wks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The Web Key Service state of the file key store, in a folder of its own that only the owner may read (0700, files
 * 0600): it holds the submission key's secret part, so it is never inside the folder a web server may serve.
 * {@code submission-keys/<domain>} holds a domain's secret key ring; {@code pending/<SHA-256 of the account>/<SHA-256
 * of the nonce>} a pending submission. Writes are fsynced and atomic (temporary file, then a link or rename).
 */
public final class FileWebKeyServiceStore implements WebKeyServiceStore {
    /** At most this many files are read for one account, whatever is on disk. */
    static final int MAX_PENDING_READ = 64;
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Pattern HOST_NAME = Pattern.compile(
        "(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*");

    private final Path root;

    private FileWebKeyServiceStore(Path root) {
        this.root = root;
    }

    /** Opens (and makes, owner-only) the folder; an existing folder is narrowed to its owner. */
    public static FileWebKeyServiceStore open(Path root) throws IOException {
        Path absolute = root.toAbsolutePath().normalize();
        Files.createDirectories(absolute);
        Files.setPosixFilePermissions(absolute, OWNER_FOLDER);
        return new FileWebKeyServiceStore(absolute);
    }

    @Override
    public Mono<byte[]> submissionKey(String domain) {
        return blocking(() -> readIfExists(submissionKeyFile(domain)));
    }

    @Override
    public Mono<byte[]> submissionKeyIfAbsent(String domain, byte[] secretKeyRing) {
        return blocking(() -> {
            Path target = submissionKeyFile(domain);
            Path temporary = writeTemporary(target.getParent(), secretKeyRing);
            try {
                Files.createLink(target, temporary); // atomic: fails when another writer was first
                syncFolder(target.getParent());
            } catch (FileAlreadyExistsException e) {
                // the key made first stays
            } finally {
                Files.deleteIfExists(temporary);
            }
            return Files.readAllBytes(target);
        });
    }

    @Override
    public Mono<Boolean> addPending(PendingSubmission submission, int maxPerAccount, Instant now) {
        return blocking(() -> {
            synchronized (this) {
                Path folder = accountFolder(submission.account());
                int live = 0;
                for (Path file : files(folder)) {
                    PendingSubmission existing = read(file);
                    if (existing == null || existing.expired(now)) {
                        Files.deleteIfExists(file);
                    } else {
                        live++;
                    }
                }
                if (live >= maxPerAccount) {
                    return false;
                }
                Path temporary = writeTemporary(folder, submission.toBytes());
                Files.move(temporary, folder.resolve(sha256(submission.nonce())),
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                syncFolder(folder);
                return true;
            }
        });
    }

    @Override
    public Flux<PendingSubmission> pending(String account) {
        return blocking(() -> {
            List<PendingSubmission> found = new ArrayList<>();
            for (Path file : files(accountFolder(account))) {
                PendingSubmission submission = read(file);
                if (submission != null && submission.account().equals(account)) {
                    found.add(submission);
                }
            }
            return found;
        }).flatMapIterable(list -> list);
    }

    @Override
    public Mono<Boolean> remove(String account, String nonce) {
        return blocking(() -> {
            Path folder = accountFolder(account);
            boolean removed = Files.deleteIfExists(folder.resolve(sha256(nonce)));
            if (removed) {
                syncFolder(folder);
            }
            return removed;
        });
    }

    private Path submissionKeyFile(String domain) {
        String host = domain.toLowerCase(Locale.ROOT);
        if (!HOST_NAME.matcher(host).matches()) {
            throw new IllegalArgumentException("not a host name");
        }
        return root.resolve("submission-keys").resolve(host);
    }

    private Path accountFolder(String account) {
        return root.resolve("pending").resolve(sha256(account));
    }

    private List<Path> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(folder)) {
            return listing.filter(file -> !file.getFileName().toString().startsWith("."))
                .limit(MAX_PENDING_READ)
                .collect(java.util.stream.Collectors.toList());
        }
    }

    private static PendingSubmission read(Path file) throws IOException {
        byte[] bytes = readIfExists(file);
        if (bytes == null) {
            return null;
        }
        try {
            return PendingSubmission.fromBytes(bytes);
        } catch (IOException e) {
            return null; // a damaged file counts as gone
        }
    }

    private static byte[] readIfExists(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private Path writeTemporary(Path folder, byte[] content) throws IOException {
        createOwnerFolders(folder);
        FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_FILE);
        Path temporary = folder.resolve("." + UUID.randomUUID() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE), ownerOnly)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        return temporary;
    }

    private void createOwnerFolders(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        createOwnerFolders(folder.getParent());
        try {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_FOLDER));
        } catch (FileAlreadyExistsException e) {
            return;
        }
        syncFolder(folder.getParent());
    }

    private static void syncFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(() -> {
            try {
                return call.call();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }
}
