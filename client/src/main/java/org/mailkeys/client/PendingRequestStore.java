package org.mailkeys.client;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import org.mailkeys.protocol.KAuth;

/**
 * Pending requests on disk, one file per request, in a folder only its owner can read (0700, files 0600):
 * they hold K_auth. Files are written to a temporary name and renamed, so a reader never sees half a file.
 * Requests older than the expiry are deleted when the store is read.
 */
public final class PendingRequestStore {
    public static final Duration DEFAULT_EXPIRY = Duration.ofDays(2);
    private static final String SUFFIX = ".request";
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private final Path folder;
    private final Duration expiry;
    private final Clock clock;

    public PendingRequestStore(Path folder, Duration expiry, Clock clock) {
        this.folder = folder;
        this.expiry = expiry;
        this.clock = clock;
    }

    public PendingRequestStore(Path folder) {
        this(folder, DEFAULT_EXPIRY, Clock.systemUTC());
    }

    /** $XDG_STATE_HOME/mailkeys, else ~/.local/state/mailkeys. */
    public static Path defaultFolder() {
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("mailkeys");
    }

    public Path folder() {
        return folder;
    }

    public void save(PendingRequest request) throws IOException {
        ensureFolder();
        Path target = fileOf(request.messageId());
        Path temporary = folder.resolve("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
        createOwnerOnly(temporary);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(serialise(request).getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The requests not yet answered and not expired, oldest first; expired ones and stray temporary files are removed. */
    public List<PendingRequest> pending() throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        Instant oldestKept = clock.instant().minus(expiry);
        List<PendingRequest> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(".tmp") && isOlderThan(file, oldestKept)) {
                    Files.deleteIfExists(file);
                } else if (name.endsWith(SUFFIX)) {
                    Optional<PendingRequest> request = read(file);
                    if (request.isEmpty() || request.get().sentAt().isBefore(oldestKept)) {
                        Files.deleteIfExists(file);
                    } else {
                        found.add(request.get());
                    }
                }
            }
        }
        found.sort(Comparator.comparing(PendingRequest::sentAt));
        return found;
    }

    public Optional<PendingRequest> find(String messageId) throws IOException {
        Path file = fileOf(messageId);
        return Files.exists(file) ? read(file) : Optional.empty();
    }

    /** The request is answered (or given up): forget it. */
    public void remove(String messageId) throws IOException {
        Files.deleteIfExists(fileOf(messageId));
    }

    private void ensureFolder() throws IOException {
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder.getParent() == null ? folder : folder.getParent());
            try {
                if (posix()) {
                    Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_DIR));
                } else {
                    Files.createDirectory(folder);
                }
            } catch (FileAlreadyExistsException e) {
                // made by a concurrent run: fine, permissions are set below
            }
        }
        if (posix()) {
            Files.setPosixFilePermissions(folder, OWNER_DIR);
        }
    }

    private void createOwnerOnly(Path file) throws IOException {
        if (posix()) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
            Files.setPosixFilePermissions(file, OWNER_FILE); // the umask may have taken bits away, never added
        } else {
            Files.createFile(file);
        }
    }

    private boolean posix() {
        return folder.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static boolean isOlderThan(Path file, Instant instant) {
        try {
            return Files.getLastModifiedTime(file).toInstant().isBefore(instant);
        } catch (IOException e) {
            return false;
        }
    }

    private Path fileOf(String messageId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(messageId.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                hex.append(String.format(Locale.ROOT, "%02x", digest[i]));
            }
            return folder.resolve(hex + SUFFIX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String serialise(PendingRequest request) {
        Properties properties = new Properties();
        properties.setProperty("message-id", request.messageId());
        properties.setProperty("kind", request.kind().name());
        properties.setProperty("address", request.address());
        properties.setProperty("account", request.account());
        properties.setProperty("k-auth", request.kAuth().toBase64());
        properties.setProperty("sent-at", request.sentAt().toString());
        properties.setProperty("relayed", Boolean.toString(request.relayed()));
        request.sentKeyBytes().ifPresent(bytes -> properties.setProperty("sent-key", Base64.getEncoder().encodeToString(bytes)));
        request.protection().ifPresent(protection -> properties.setProperty("protection", protection.wireName()));
        StringWriter writer = new StringWriter();
        try {
            properties.store(writer, "MailKeys pending request: holds a secret, keep private");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return writer.toString();
    }

    /** Empty for a file that is not a readable request (it is then removed). */
    static Optional<PendingRequest> parse(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
            Optional<KAuth> kAuth = KAuth.parse(properties.getProperty("k-auth"));
            if (kAuth.isEmpty()) {
                return Optional.empty();
            }
            String sentKey = properties.getProperty("sent-key");
            return Optional.of(new PendingRequest(
                    properties.getProperty("message-id"),
                    RequestKind.valueOf(properties.getProperty("kind")),
                    properties.getProperty("address"),
                    properties.getProperty("account"),
                    kAuth.get(),
                    Instant.parse(properties.getProperty("sent-at")),
                    Boolean.parseBoolean(properties.getProperty("relayed")),
                    Optional.ofNullable(sentKey).map(Base64.getDecoder()::decode),
                    Optional.ofNullable(properties.getProperty("protection")).flatMap(Protection::fromWireName)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<PendingRequest> read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }
}
