package org.mailkeys.extension;

import java.io.FileNotFoundException;
import java.net.InetAddress;
import java.net.UnknownHostException;

import javax.inject.Singleton;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.utils.PropertiesProvider;
import org.mailkeys.mailets.RequestLimits;
import org.mailkeys.matchers.ServiceAddresses;
import org.mailkeys.store.KeyStore;
import org.mailkeys.store.NodeName;
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
    KeyStore keyStore(KeyStoreLifecycle lifecycle) {
        return lifecycle.keyStore();
    }

    /** The name the key history records for this node: {@code node.name}, else the host name. */
    @Provides
    @Singleton
    NodeName nodeName(MailKeysConfiguration configuration) {
        return new NodeName(configuration.nodeName().orElseGet(MailKeysModule::hostName));
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
