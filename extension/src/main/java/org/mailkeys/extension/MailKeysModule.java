package org.mailkeys.extension;

import java.io.FileNotFoundException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Optional;

import javax.inject.Singleton;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.utils.PropertiesProvider;
import org.mailkeys.mailets.RequestLimits;
import org.mailkeys.extension.log.KeyLogLifecycle;
import org.mailkeys.matchers.ServiceAddresses;
import org.mailkeys.store.KeyStore;
import org.mailkeys.store.NodeName;
import org.mailkeys.store.VersionRule;
import org.mailkeys.store.wks.WebKeyServiceStore;
import org.mailkeys.transparency.KeyLog;
import org.mailkeys.webadmin.KeyLogStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * Binds the {@link KeyStore} the MailKeys mailets use, and the {@link ServiceAddresses} and {@link RequestLimits} of
 * the matcher, the mailets and the SMTP hook, as {@code conf/mailkeys.properties} says. James installs it
 * for its extensions when {@code conf/extensions.properties} holds
 * {@code guice.extension.module=org.mailkeys.extension.MailKeysModule}. Without mailkeys.properties the file store
 * under {@code var/mailkeys/keys} is used.
 */
public class MailKeysModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(MailKeysModule.class);
    static final String PROPERTIES_NAME = "mailkeys";

    @Override
    protected void configure() {
        // everything is in the @Provides methods
    }

    @Provides
    @Singleton
    MailKeysConfiguration configuration(PropertiesProvider propertiesProvider) throws ConfigurationException {
        try {
            return MailKeysConfiguration.from(propertiesProvider.getConfiguration(PROPERTIES_NAME));
        } catch (FileNotFoundException e) {
            LOGGER.info("No mailkeys.properties: MailKeys uses its defaults (file store under {})",
                MailKeysConfiguration.DEFAULT_FILE_DIRECTORY);
            return MailKeysConfiguration.DEFAULT;
        }
    }

    @Provides
    @Singleton
    KeyStore keyStore(KeyLogLifecycle lifecycle) {
        // every writer goes through the key log when it is on (mailkeys.properties log.*)
        return lifecycle.keyStore();
    }

    /** The Web Key Service's state, kept with the key store. */
    @Provides
    @Singleton
    WebKeyServiceStore webKeyServiceStore(KeyStoreLifecycle lifecycle) {
        return lifecycle.webKeyServiceStore();
    }

    /** The key log when it is on, for the mailets that answer with its proofs (docs/PROTOCOL.md 12). */
    @Provides
    @Singleton
    Optional<KeyLog> keyLog(KeyLogLifecycle lifecycle) {
        return lifecycle.log();
    }

    /** What WebAdmin's {@code GET /mailkeys/log} shows of the key log. */
    @Provides
    @Singleton
    KeyLogStatus keyLogStatus(KeyLogLifecycle lifecycle) {
        return () -> {
            if (lifecycle.log().isEmpty()) {
                return Optional.empty();
            }
            KeyLog log = lifecycle.log().get();
            String[] keys = log.keys().publicKeys().split("\n");
            String checkpoint = log.checkpoint().orElse("");
            String[] lines = checkpoint.split("\n", 3);
            long size = lines.length >= 2 ? Long.parseLong(lines[1]) : 0;
            return Optional.of(new KeyLogStatus.KeyLogView(log.origin(), keys[0].substring("vkey ".length()),
                keys[1].substring("vrf ".length()), size, checkpoint));
        };
    }

    /** The name the key history records for this node: {@code node.name}, else the host name. */
    @Provides
    @Singleton
    NodeName nodeName(MailKeysConfiguration configuration) {
        return new NodeName(configuration.nodeName().orElseGet(MailKeysModule::hostName));
    }

    /**
     * The node's one version rule (docs/PROTOCOL.md 2.3), shared by every writer of this node (publications, DELETE,
     * the operator's deletion, and the Web Key Service and the log): one instance keeps this node's versions unique.
     */
    @Provides
    @Singleton
    VersionRule versionRule(NodeName node) {
        return new VersionRule(Clock.systemUTC(), node);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            LOGGER.warn("No host name for the key history; set node.name in mailkeys.properties");
            return "james";
        }
    }

    /** The service addresses, for the matcher, the mailets and the SMTP hook alike. */
    @Provides
    @Singleton
    ServiceAddresses serviceAddresses(DomainList domainList, MailKeysConfiguration configuration) {
        return new ServiceAddresses(domainList, configuration.serviceLocalPart());
    }

    /** The request size limits, for the mailets and the SMTP hook alike. */
    @Provides
    @Singleton
    RequestLimits requestLimits(MailKeysConfiguration configuration) {
        return configuration.requestLimits();
    }
}
