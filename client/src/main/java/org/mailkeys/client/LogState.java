package org.mailkeys.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.mailkeys.transparency.LogPublicKeys;
import org.mailkeys.transparency.SignedNote;

/**
 * What the client remembers of each domain's key log, in the state folder under {@code log/<domain>/}: {@code keys}
 * (the log's keys, pinned at first use), {@code checkpoint} (the newest signed checkpoint seen), and
 * {@code evidence/<time>/} (for a fork or a shrink: the checkpoint seen before, the one presented, and why).
 */
public final class LogState {
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9][a-z0-9.-]{0,252}");
    /** One per program: every LogState of a state folder shares the watch files. */
    private static final Object WATCH_LOCK = new Object();

    private final Path folder;
    private final Clock clock;

    public LogState(Path folder, Clock clock) {
        this.folder = folder;
        this.clock = clock;
    }

    public Path folder() {
        return folder;
    }

    public Optional<LogPublicKeys> keys(String domain) {
        return read(domain, "keys", LogPublicKeys.MAX_TEXT).flatMap(LogPublicKeys::parse);
    }

    public void pinKeys(String domain, LogPublicKeys keys) throws IOException {
        write(domain, "keys", keys.text());
    }

    /** The newest signed checkpoint seen from the domain's log (its signature is checked by whoever reads it). */
    public Optional<String> checkpoint(String domain) {
        return read(domain, "checkpoint", SignedNote.MAX_NOTE);
    }

    public void saveCheckpoint(String domain, String signedNote) throws IOException {
        write(domain, "checkpoint", signedNote);
    }

    /** The VRF proof of an address's label, from the last answer whose proof verified (for {@code log search}). */
    public Optional<byte[]> labelProof(String domain, String address) {
        return read(domain, labelFile(address), 256).flatMap(text -> {
            try {
                return Optional.of(java.util.Base64.getDecoder().decode(text.strip()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    public void saveLabelProof(String domain, String address, byte[] vrfProof) throws IOException {
        Files.createDirectories(domainFolder(domain).resolve("labels"));
        write(domain, labelFile(address), java.util.Base64.getEncoder().encodeToString(vrfProof) + "\n");
    }

    /** Named by a hash of the address: the state folder does not list whom the user looked up. */
    private static String labelFile(String address) {
        byte[] digest = LogProofChecker.sha256(org.mailkeys.protocol.MailAddresses.normalise(address)
                .getBytes(StandardCharsets.UTF_8));
        StringBuilder name = new StringBuilder("labels/");
        for (byte b : digest) {
            name.append(String.format(Locale.ROOT, "%02x", b));
        }
        return name.toString();
    }

    /** The owner's watch of her own label (see the agent's OwnerLogWatch): its text, or empty. */
    public Optional<String> watch(String domain, String address) {
        return read(domain, labelFile(address).replace("labels/", "watch/"), 64 * 1024);
    }

    public void saveWatch(String domain, String address, String text) throws IOException {
        write(domain, labelFile(address).replace("labels/", "watch/"), text);
    }

    /**
     * Reads, changes and writes the owner's watch under one lock of this program: the agent's answer thread records
     * her publications and deletions in it while its watch records how far it has read, and neither may undo the other.
     */
    public void updateWatch(String domain, String address, java.util.function.UnaryOperator<String> change)
            throws IOException {
        synchronized (WATCH_LOCK) {
            String before = watch(domain, address).orElse("");
            String after = change.apply(before);
            if (!after.equals(before)) {
                saveWatch(domain, address, after);
            }
        }
    }

    /** Alerts of the owner's watch, one line each, for {@code agent status}; appended, never rewritten. */
    public void appendAlert(String domain, String line) throws IOException {
        Path file = domainFolder(domain).resolve("alerts");
        Files.createDirectories(file.getParent());
        Files.writeString(file, line.replaceAll("[\\r\\n]", " ") + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /** Every alert of every domain's log, oldest first per domain. */
    public java.util.List<String> alerts() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> domains = Files.isDirectory(folder) ? Files.list(folder) : java.util.stream.Stream.empty()) {
            for (Path domain : (Iterable<Path>) domains.sorted()::iterator) {
                Path file = domain.resolve("alerts");
                if (Files.isRegularFile(file) && Files.size(file) < 1024 * 1024) {
                    lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            // no alerts readable: none shown
        }
        return lines;
    }

    /** The user asked for a deletion of her key: its log entry is expected, not alerted. */
    public void expectDeletion(String domain, String address) throws IOException {
        updateWatch(domain, address, text -> text + "expect-deletion\n");
    }

    /** Keeps two checkpoints that contradict each other, and why; returns the folder they are in. */
    public Path keepEvidence(String domain, String seenBefore, String presented, String reason) throws IOException {
        String time = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
                .format(clock.instant().truncatedTo(ChronoUnit.SECONDS).atZone(java.time.ZoneOffset.UTC));
        Path evidence = domainFolder(domain).resolve("evidence");
        Files.createDirectories(evidence);
        Path case_ = evidence.resolve(time);
        for (int n = 2; Files.exists(case_); n++) {
            case_ = evidence.resolve(time + "-" + n);
        }
        Files.createDirectories(case_);
        Files.writeString(case_.resolve("seen-before.checkpoint"), seenBefore, StandardCharsets.UTF_8);
        Files.writeString(case_.resolve("presented.checkpoint"), presented, StandardCharsets.UTF_8);
        Files.writeString(case_.resolve("reason"), reason + "\n", StandardCharsets.UTF_8);
        return case_;
    }

    private Path domainFolder(String domain) throws IOException {
        String name = domain.toLowerCase(Locale.ROOT);
        if (!DOMAIN.matcher(name).matches() || name.contains("..")) {
            throw new IOException("not a domain name: " + domain);
        }
        return folder.resolve(name);
    }

    private Optional<String> read(String domain, String file, int maxBytes) {
        try {
            Path path = domainFolder(domain).resolve(file);
            if (!Files.isRegularFile(path) || Files.size(path) > maxBytes) {
                return Optional.empty();
            }
            return Optional.of(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void write(String domain, String file, String text) throws IOException {
        Path target = domainFolder(domain).resolve(file);
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path temporary = Files.createTempFile(dir, ".state", ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
