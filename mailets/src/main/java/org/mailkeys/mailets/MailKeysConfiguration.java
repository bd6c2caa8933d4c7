package org.mailkeys.mailets;

import java.util.Iterator;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.mailkeys.wkd.WebKeyDirectorySettings;

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
    /** Keys under this prefix configure the Cassandra store (see CassandraKeyStoreConfiguration). */
    public static final String STORE_CASSANDRA_PREFIX = "store.cassandra.";
    public static final String DEFAULT_FILE_DIRECTORY = "var/mailkeys/keys";
    public static final MailKeysConfiguration DEFAULT =
        new MailKeysConfiguration(StoreType.FILE, DEFAULT_FILE_DIRECTORY, new Properties());

    private static final Set<String> KNOWN_KEYS = Set.of(STORE, STORE_FILE_DIRECTORY);
    private static final Set<String> KNOWN_CASSANDRA_KEYS = Set.of("contact.points", "local.datacenter", "keyspace",
        "replication.factor", "consistency.read", "consistency.write", "consistency.serial", "request.timeout.millis",
        // whose session: see org.mailkeys.mailets.cassandra.CassandraStoreSettings
        "session");

    private final StoreType storeType;
    private final String fileDirectory;
    private final Properties cassandraProperties;
    private final WebKeyDirectorySettings webKeyDirectory;

    public MailKeysConfiguration(StoreType storeType, String fileDirectory, Properties cassandraProperties) {
        this(storeType, fileDirectory, cassandraProperties, WebKeyDirectorySettings.disabled());
    }

    public MailKeysConfiguration(StoreType storeType, String fileDirectory, Properties cassandraProperties,
                                 WebKeyDirectorySettings webKeyDirectory) {
        this.storeType = storeType;
        this.fileDirectory = fileDirectory;
        this.cassandraProperties = cassandraProperties;
        this.webKeyDirectory = webKeyDirectory;
    }

    public static MailKeysConfiguration from(Configuration configuration) throws ConfigurationException {
        Properties cassandra = new Properties();
        Properties webKeyDirectory = new Properties();
        Iterator<String> keys = configuration.getKeys();
        while (keys.hasNext()) {
            String key = keys.next();
            if (key.startsWith(STORE_CASSANDRA_PREFIX)
                && KNOWN_CASSANDRA_KEYS.contains(key.substring(STORE_CASSANDRA_PREFIX.length()))) {
                // a comma-separated value (contact points) comes back as a list: join it again
                cassandra.setProperty(key, String.join(",", configuration.getStringArray(key)));
            } else if (key.startsWith(WebKeyDirectorySettings.PREFIX)) {
                // checked by WebKeyDirectorySettings below
                webKeyDirectory.setProperty(key, String.join(",", configuration.getStringArray(key)));
            } else if (!KNOWN_KEYS.contains(key)) {
                throw new ConfigurationException("mailkeys.properties: unknown key '" + key + "'; known: " + KNOWN_KEYS
                    + ", " + STORE_CASSANDRA_PREFIX + KNOWN_CASSANDRA_KEYS + " and " + WebKeyDirectorySettings.PREFIX + "*");
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
        try {
            return new MailKeysConfiguration(type, directory, cassandra, WebKeyDirectorySettings.from(webKeyDirectory));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("mailkeys.properties: " + e.getMessage());
        }
    }

    public StoreType storeType() {
        return storeType;
    }

    /** The {@code store.cassandra.*} keys, with their prefix. */
    public Properties cassandraProperties() {
        Properties copy = new Properties();
        copy.putAll(cassandraProperties);
        return copy;
    }

    /** The {@code wkd.*} keys: the Web Key Directory listener, off unless {@code wkd.enabled=true}. */
    public WebKeyDirectorySettings webKeyDirectory() {
        return webKeyDirectory;
    }

    /** As written: absolute, relative to James' working directory, or a James {@code file://} URL. */
    public String fileDirectory() {
        return fileDirectory;
    }
}
