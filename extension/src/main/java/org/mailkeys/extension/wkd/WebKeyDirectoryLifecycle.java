package org.mailkeys.extension.wkd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.metrics.api.MetricFactory;
import org.mailkeys.extension.JamesPaths;
import org.mailkeys.extension.MailKeysConfiguration;
import org.mailkeys.store.KeyStore;
import org.mailkeys.extension.log.KeyLogLifecycle;
import org.mailkeys.wkd.KeyLogResources;
import org.mailkeys.wkd.WebKeyDirectoryServer;
import org.mailkeys.wkd.WebKeyServiceDiscovery;
import org.mailkeys.mailets.SubmissionKeys;

import reactor.core.publisher.Mono;
import org.mailkeys.wkd.WebKeyDirectorySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Web Key Directory listener while James runs, when {@code mailkeys.properties} says
 * {@code wkd.enabled=true}: it serves the key store the mailets write, and the domains of James' domain list, as
 * they are at each request. James calls {@link #close} when it stops.
 */
@Singleton
public class WebKeyDirectoryLifecycle {
    private static final Logger LOGGER = LoggerFactory.getLogger(WebKeyDirectoryLifecycle.class);

    private final MailKeysConfiguration configuration;
    private final KeyStore keyStore;
    private final DomainList domainList;
    private final FileSystem fileSystem;
    private final MetricFactory metricFactory;
    private final SubmissionKeys submissionKeys;
    private final KeyLogLifecycle keyLog;
    private Optional<WebKeyDirectoryServer> server = Optional.empty();

    @Inject
    WebKeyDirectoryLifecycle(MailKeysConfiguration configuration, KeyStore keyStore, DomainList domainList,
                             FileSystem fileSystem, MetricFactory metricFactory, SubmissionKeys submissionKeys,
                             KeyLogLifecycle keyLog) {
        this.submissionKeys = submissionKeys;
        this.keyLog = keyLog;
        this.configuration = configuration;
        this.keyStore = keyStore;
        this.domainList = domainList;
        this.fileSystem = fileSystem;
        this.metricFactory = metricFactory;
    }

    public synchronized void start() throws IOException {
        WebKeyDirectorySettings settings = configuration.webKeyDirectory();
        if (!settings.enabled() || server.isPresent()) {
            LOGGER.info("MailKeys Web Key Directory is {}", settings.enabled() ? "already running" : "off");
            return;
        }
        // the key log's checkpoint, tiles and keys under /.well-known/mailkeys/log/ when the log is on
        Optional<KeyLogResources> log = keyLog.log().map(opened -> new KeyLogResources(opened.storage(),
            opened.keys().publicKeys()));
        server = Optional.of(WebKeyDirectoryServer.start(settings, keystore(settings), keyStore, this::hosts,
            metricFactory, webKeyService(), log));
    }

    /** The Web Key Service's discovery files, for the domains the listener already knows James hosts. */
    private WebKeyServiceDiscovery webKeyService() {
        return new WebKeyServiceDiscovery() {
            @Override
            public Mono<String> submissionAddress(String domain) {
                return submissionKeys.prepare(domain).map(key -> key.userId());
            }

            @Override
            public String submissionLocalPart() {
                return submissionKeys.submissionAddress("example.org").split("@")[0];
            }
        };
    }

    public synchronized Optional<WebKeyDirectoryServer> server() {
        return server;
    }

    @PreDestroy
    public synchronized void close() {
        server.ifPresent(WebKeyDirectoryServer::close);
        server = Optional.empty();
    }

    private boolean hosts(String domain) {
        try {
            return domainList.containsDomain(Domain.of(domain));
        } catch (DomainListException e) {
            throw new IllegalStateException("The domain list cannot be read", e);
        }
    }

    private Optional<java.security.KeyStore> keystore(WebKeyDirectorySettings settings) throws IOException {
        if (!settings.tls()) {
            return Optional.empty();
        }
        Path path = JamesPaths.resolve(settings.keystore().orElseThrow(), fileSystem);
        try (InputStream in = Files.newInputStream(path)) {
            return Optional.of(WebKeyDirectoryServer.loadKeystore(in, settings.keystoreType(),
                settings.keystorePassword()));
        }
    }
}
