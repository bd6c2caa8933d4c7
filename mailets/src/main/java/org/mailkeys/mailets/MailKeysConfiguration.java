package org.mailkeys.mailets;

import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;

/**
 * The contents of {@code conf/mailkeys.properties}. Unknown keys fail the start with a message naming them, so a
 * misspelt setting is never silently ignored.
 */
public final class MailKeysConfiguration {
    public enum StoreType {
        FILE, MEMORY, CASSANDRA
    }

    public static final String STORE = "store";
    public static final String STORE_FILE_DIRECTORY = "store.file.directory";
    /** Keys under this prefix belong to the Cassandra store (written later, see MailKeysModule). */
    public static final String STORE_CASSANDRA_PREFIX = "store.cassandra.";
    public static final String DEFAULT_FILE_DIRECTORY = "var/mailkeys/keys";
    public static final MailKeysConfiguration DEFAULT = new MailKeysConfiguration(StoreType.FILE, DEFAULT_FILE_DIRECTORY);

    private static final Set<String> KNOWN_KEYS = Set.of(STORE, STORE_FILE_DIRECTORY);

    private final StoreType storeType;
    private final String fileDirectory;

    public MailKeysConfiguration(StoreType storeType, String fileDirectory) {
        this.storeType = storeType;
        this.fileDirectory = fileDirectory;
    }

    public static MailKeysConfiguration from(Configuration configuration) throws ConfigurationException {
        Iterator<String> keys = configuration.getKeys();
        while (keys.hasNext()) {
            String key = keys.next();
            if (!KNOWN_KEYS.contains(key) && !key.startsWith(STORE_CASSANDRA_PREFIX)) {
                throw new ConfigurationException("mailkeys.properties: unknown key '" + key + "'; known: " + KNOWN_KEYS);
            }
        }
        String store = configuration.getString(STORE, "file").trim();
        StoreType type;
        try {
            type = StoreType.valueOf(store.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("mailkeys.properties: bad value '" + store + "' for '" + STORE
                + "', expected file, memory or cassandra");
        }
        String directory = configuration.getString(STORE_FILE_DIRECTORY, DEFAULT_FILE_DIRECTORY).trim();
        if (directory.isEmpty()) {
            throw new ConfigurationException("mailkeys.properties: '" + STORE_FILE_DIRECTORY + "' is empty");
        }
        return new MailKeysConfiguration(type, directory);
    }

    public StoreType storeType() {
        return storeType;
    }

    /** As written: absolute, relative to James' working directory, or a James {@code file://} URL. */
    public String fileDirectory() {
        return fileDirectory;
    }
}
