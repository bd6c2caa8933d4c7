package org.mailkeys.extension;

import java.util.Collections;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.mailkeys.mailets.RequestLimits;
import org.mailkeys.extension.log.LogSettings;
import org.mailkeys.matchers.ServiceAddresses;
import org.mailkeys.store.cassandra.CassandraKeyStoreConfiguration;
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
    /** The name the key history records for changes made through this node (default: the host name). */
    public static final String NODE_NAME = "node.name";
    /** Keys under this prefix configure the Cassandra store (see CassandraKeyStoreConfiguration). */
    public static final String STORE_CASSANDRA_PREFIX = "store.cassandra.";
    /** Whose CQL session the Cassandra store uses: see org.mailkeys.extension.cassandra.CassandraStoreSettings. */
    public static final String STORE_CASSANDRA_SESSION = STORE_CASSANDRA_PREFIX + "session";
    public static final String DEFAULT_FILE_DIRECTORY = "var/mailkeys/keys";
    public static final MailKeysConfiguration DEFAULT = new MailKeysConfiguration(StoreType.FILE,
        DEFAULT_FILE_DIRECTORY, new Properties(), ServiceAddresses.DEFAULT_LOCAL_PART, Optional.empty(),
        WebKeyDirectorySettings.disabled(), RequestLimits.DEFAULT, LogSettings.defaults());

    private static final Set<String> KNOWN_KEYS = Set.of(STORE, STORE_FILE_DIRECTORY, ServiceAddresses.PROPERTY,
        NODE_NAME, RequestLimits.RETRIEVAL_PROPERTY, RequestLimits.PUBLICATION_PROPERTY);
    private static final Set<String> KNOWN_CASSANDRA_KEYS = knownCassandraKeys();

    private final StoreType storeType;
    private final String fileDirectory;
    private final Properties cassandraProperties;
    private final String serviceLocalPart;
    private final Optional<String> nodeName;
    private final WebKeyDirectorySettings webKeyDirectory;
    private final RequestLimits requestLimits;
    private final LogSettings log;

    private MailKeysConfiguration(StoreType storeType, String fileDirectory, Properties cassandraProperties,
                                  String serviceLocalPart, Optional<String> nodeName,
                                  WebKeyDirectorySettings webKeyDirectory, RequestLimits requestLimits,
                                  LogSettings log) {
        this.log = log;
        this.storeType = storeType;
        this.fileDirectory = fileDirectory;
        this.cassandraProperties = cassandraProperties;
        this.serviceLocalPart = serviceLocalPart;
        this.nodeName = nodeName;
        this.webKeyDirectory = webKeyDirectory;
        this.requestLimits = requestLimits;
    }

    private static Set<String> knownCassandraKeys() {
        Set<String> keys = new TreeSet<>(Set.of(STORE_CASSANDRA_SESSION));
        CassandraKeyStoreConfiguration.SETTING_NAMES.forEach(name -> keys.add(STORE_CASSANDRA_PREFIX + name));
        return Collections.unmodifiableSet(keys);
    }

    public static MailKeysConfiguration from(Configuration configuration) throws ConfigurationException {
        Properties cassandra = new Properties();
        Properties webKeyDirectory = new Properties();
        Properties log = new Properties();
        Iterator<String> keys = configuration.getKeys();
        while (keys.hasNext()) {
            String key = keys.next();
            if (KNOWN_CASSANDRA_KEYS.contains(key)) {
                // a comma-separated value (contact points) comes back as a list: join it again
                cassandra.setProperty(key, String.join(",", configuration.getStringArray(key)));
            } else if (key.startsWith(WebKeyDirectorySettings.PREFIX)) {
                // checked by WebKeyDirectorySettings below
                webKeyDirectory.setProperty(key, String.join(",", configuration.getStringArray(key)));
            } else if (key.startsWith(LogSettings.PREFIX)) {
                // checked by LogSettings below
                log.setProperty(key, String.join(",", configuration.getStringArray(key)));
            } else if (!KNOWN_KEYS.contains(key)) {
                throw new ConfigurationException("mailkeys.properties: unknown key '" + key + "'; known: " + KNOWN_KEYS
                    + ", " + KNOWN_CASSANDRA_KEYS + ", " + LogSettings.PREFIX + "* and " + WebKeyDirectorySettings.PREFIX
                    + "*");
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
        String localPart = configuration.getString(ServiceAddresses.PROPERTY, ServiceAddresses.DEFAULT_LOCAL_PART);
        try {
            localPart = ServiceAddresses.validLocalPart(localPart);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("mailkeys.properties: bad value '" + localPart + "' for '"
                + ServiceAddresses.PROPERTY + "', expected the local part of a mail address such as keys");
        }
        Optional<String> nodeName = Optional.ofNullable(configuration.getString(NODE_NAME, null)).map(String::trim);
        if (nodeName.isPresent() && !nodeName.get().matches("[\\p{Alnum}._:-]{1,100}")) {
            throw new ConfigurationException("mailkeys.properties: '" + NODE_NAME + "' must be 1 to 100 letters,"
                + " digits, dots, dashes, underscores or colons");
        }
        try {
            RequestLimits limits = RequestLimits.of(
                Optional.ofNullable(configuration.getString(RequestLimits.RETRIEVAL_PROPERTY, null)),
                Optional.ofNullable(configuration.getString(RequestLimits.PUBLICATION_PROPERTY, null)));
            return new MailKeysConfiguration(type, directory, cassandra, localPart, nodeName,
                WebKeyDirectorySettings.from(webKeyDirectory), limits, LogSettings.from(log));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("mailkeys.properties: " + e.getMessage());
        }
    }

    /** The {@code wkd.*} keys: the Web Key Directory listener, off unless {@code wkd.enabled=true}. */
    public WebKeyDirectorySettings webKeyDirectory() {
        return webKeyDirectory;
    }

    /** The {@code log.*} keys: the verifiable key log. */
    public LogSettings log() {
        return log;
    }

    /** The {@code limit.*.bytes} keys: the request size limits of docs/PROTOCOL.md 5 and 2.2. */
    public RequestLimits requestLimits() {
        return requestLimits;
    }

    /** The local part of every service address, {@code keys} by default (docs/PROTOCOL.md 1.1). */
    public String serviceLocalPart() {
        return serviceLocalPart;
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

    /** The configured node name, if any. */
    public Optional<String> nodeName() {
        return nodeName;
    }

    /** As written: absolute, relative to James' working directory, or a James {@code file://} URL. */
    public String fileDirectory() {
        return fileDirectory;
    }
}
