package org.mailkeys.client.agent;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The agent's memory across restarts, in {@code <state folder>/agent-<account>/} (0700, files 0600): the own key's
 * last confirmation ({@code own-key.properties}), one file per contact ({@code contacts/<hash>.properties}) and the
 * verified key held for it ({@code contacts/<hash>.key}, binary OpenPGP), and the status that {@code mailkeys agent
 * status} prints. Key bytes stay on disk; memory holds the records only.
 */
public final class AgentState {
    private static final String OWN_KEY = "own-key.properties";
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    private final Path folder;
    private final Path contactsFolder;
    private final OwnKeyRecord ownKey = new OwnKeyRecord();
    private final Map<String, ContactRecord> contacts = new LinkedHashMap<>();

    private AgentState(Path folder) {
        this.folder = folder;
        this.contactsFolder = folder.resolve("contacts");
    }

    /** The folder of an account's agent inside the state folder. */
    public static Path folderOf(Path stateFolder, String account) {
        return stateFolder.resolve("agent-" + account.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9@._-]", "_"));
    }

    public static AgentState open(Path stateFolder, String account) throws IOException {
        OwnerOnlyFiles.folder(stateFolder);
        AgentState state = new AgentState(OwnerOnlyFiles.folder(folderOf(stateFolder, account)));
        OwnerOnlyFiles.folder(state.contactsFolder);
        state.load();
        return state;
    }

    public Path folder() {
        return folder;
    }

    OwnKeyRecord ownKey() {
        return ownKey;
    }

    Collection<ContactRecord> contacts() {
        return contacts.values();
    }

    int contactCount() {
        return contacts.size();
    }

    Optional<ContactRecord> contact(String address) {
        return Optional.ofNullable(contacts.get(address));
    }

    ContactRecord contactOrNew(String address) {
        return contacts.computeIfAbsent(address, ContactRecord::new);
    }

    void forget(ContactRecord record) throws IOException {
        contacts.remove(record.address);
        Files.deleteIfExists(contactFile(record.address, ".properties"));
        Files.deleteIfExists(contactFile(record.address, ".key"));
    }

    void saveOwnKey() throws IOException {
        Properties properties = new Properties();
        put(properties, "fingerprint", ownKey.fingerprint);
        put(properties, "confirmed-sha256", ownKey.confirmedSha256);
        put(properties, "confirmed-at", ownKey.confirmedAt);
        put(properties, "confirmed-fingerprint", ownKey.confirmedFingerprint);
        put(properties, "refused-sha256", ownKey.refusedSha256);
        put(properties, "usable-until", ownKey.usableUntil);
        put(properties, "problem", ownKey.problem);
        OwnerOnlyFiles.write(folder.resolve(OWN_KEY), text(properties));
    }

    void save(ContactRecord record) throws IOException {
        Properties properties = new Properties();
        put(properties, "address", record.address);
        put(properties, "in-contacts", Boolean.toString(record.inContacts));
        put(properties, "asked-by-program", Boolean.toString(record.askedByProgram));
        put(properties, "fingerprint", record.fingerprint);
        put(properties, "all-fingerprints", String.join(",", record.allFingerprints));
        put(properties, "protection", record.protection);
        put(properties, "last-result", record.lastResult);
        put(properties, "last-lookup", record.lastLookup);
        put(properties, "next-refresh", record.nextRefresh);
        put(properties, "changes-seen", Integer.toString(record.changesSeen));
        put(properties, "refused-fingerprint", record.refusedFingerprint);
        put(properties, "refused-at", record.refusedAt);
        OwnerOnlyFiles.write(contactFile(record.address, ".properties"), text(properties));
    }

    void saveKey(String address, byte[] keyBytes) throws IOException {
        OwnerOnlyFiles.write(contactFile(address, ".key"), keyBytes);
    }

    Optional<byte[]> key(String address) throws IOException {
        Path file = contactFile(address, ".key");
        return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    }

    void writeStatus(String json, String text) throws IOException {
        OwnerOnlyFiles.write(folder.resolve("status.json"), json.getBytes(StandardCharsets.UTF_8));
        OwnerOnlyFiles.write(folder.resolve("status.txt"), text.getBytes(StandardCharsets.UTF_8));
    }

    private void load() throws IOException {
        Path own = folder.resolve(OWN_KEY);
        if (Files.isRegularFile(own)) {
            Properties properties = read(own);
            ownKey.fingerprint = properties.getProperty("fingerprint");
            ownKey.confirmedSha256 = properties.getProperty("confirmed-sha256");
            ownKey.confirmedAt = instant(properties, "confirmed-at");
            ownKey.confirmedFingerprint = properties.getProperty("confirmed-fingerprint");
            ownKey.refusedSha256 = properties.getProperty("refused-sha256");
            ownKey.usableUntil = instant(properties, "usable-until");
            ownKey.problem = properties.getProperty("problem");
        }
        try (Stream<Path> files = Files.list(contactsFolder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".properties")).collect(Collectors.toList())) {
                Properties properties;
                try {
                    properties = read(file);
                } catch (IOException | IllegalArgumentException e) {
                    continue; // a damaged record: the contact is looked up again
                }
                String address = properties.getProperty("address");
                if (address == null || contacts.size() >= ContactsFile.MAX_CONTACTS + AgentSettings.MAX_PROGRAM_ADDRESSES) {
                    continue;
                }
                ContactRecord record = contactOrNew(address);
                record.inContacts = Boolean.parseBoolean(properties.getProperty("in-contacts"));
                record.askedByProgram = Boolean.parseBoolean(properties.getProperty("asked-by-program"));
                record.fingerprint = properties.getProperty("fingerprint");
                String all = properties.getProperty("all-fingerprints", "");
                record.allFingerprints = all.isEmpty() ? List.of() : Arrays.asList(all.split(","));
                record.protection = properties.getProperty("protection");
                record.lastResult = properties.getProperty("last-result");
                record.lastLookup = instant(properties, "last-lookup");
                record.nextRefresh = instant(properties, "next-refresh");
                record.changesSeen = Integer.parseInt(properties.getProperty("changes-seen", "0"));
                record.refusedFingerprint = properties.getProperty("refused-fingerprint");
                record.refusedAt = instant(properties, "refused-at");
            }
        }
    }

    private Path contactFile(String address, String suffix) {
        return contactsFolder.resolve(hash(address) + suffix);
    }

    static String sha256Hex(byte[] data) {
        try {
            // every HKP lookup names its key file by this hash: a Formatter per byte was about 5 % of its CPU
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
            char[] hex = new char[digest.length * 2];
            for (int i = 0; i < digest.length; i++) {
                hex[2 * i] = HEX_DIGITS[(digest[i] >> 4) & 0xf];
                hex[2 * i + 1] = HEX_DIGITS[digest[i] & 0xf];
            }
            return new String(hex);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hash(String address) {
        return sha256Hex(address.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
    }

    private static void put(Properties properties, String name, Object value) {
        if (value != null) {
            properties.setProperty(name, value.toString());
        }
    }

    private static Instant instant(Properties properties, String name) {
        String value = properties.getProperty(name);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static byte[] text(Properties properties) throws IOException {
        StringWriter writer = new StringWriter();
        properties.store(writer, null);
        return writer.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Properties read(Path file) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        return properties;
    }
}
