package org.mailkeys.mailets;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.mailkeys.matchers.ServiceAddresses;
import org.mailkeys.protocol.WksKeyPair;
import org.mailkeys.store.ChangeOrigin;
import org.mailkeys.store.KeyStore;
import org.mailkeys.store.NodeName;
import org.mailkeys.store.StoredKey;
import org.mailkeys.store.VersionRule;
import org.mailkeys.store.WriteTicket;
import org.mailkeys.store.wks.WebKeyServiceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

/**
 * The submission key pair of each hosted domain (draft-koch-openpgp-webkey-service section 4.1): made the first time a
 * domain needs it (at James' start for the domains it hosts then, at the first Web Key Directory look-up or mail for
 * a domain added later), kept in the key store's Web Key Service state so that every node uses the same one, and its
 * public key published in the key store under the submission address, from where the Web Key Directory, retrieval
 * requests and the Autocrypt header serve it. The secret key ring never leaves the key store and this class.
 */
@Singleton
public class SubmissionKeys {
    private static final Logger LOGGER = LoggerFactory.getLogger(SubmissionKeys.class);
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(10);

    private final WebKeyServiceStore state;
    private final KeyStore keyStore;
    private final ServiceAddresses serviceAddresses;
    private final NodeName node;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final VersionRule versions;
    private final Map<String, WksKeyPair> known = new ConcurrentHashMap<>();

    @Inject
    public SubmissionKeys(WebKeyServiceStore state, KeyStore keyStore, ServiceAddresses serviceAddresses, NodeName node,
                          VersionRule versions) {
        this(state, keyStore, serviceAddresses, node, Clock.systemUTC(), versions);
    }

    SubmissionKeys(WebKeyServiceStore state, KeyStore keyStore, ServiceAddresses serviceAddresses, NodeName node,
                   Clock clock) {
        this(state, keyStore, serviceAddresses, node, clock, new VersionRule(clock, node));
    }

    private SubmissionKeys(WebKeyServiceStore state, KeyStore keyStore, ServiceAddresses serviceAddresses,
                           NodeName node, Clock clock, VersionRule versions) {
        this.state = state;
        this.keyStore = keyStore;
        this.serviceAddresses = serviceAddresses;
        this.node = node;
        this.clock = clock;
        this.versions = versions;
    }

    /** The submission address of a domain: the key service's own address there (default {@code keys@<domain>}). */
    public String submissionAddress(String domain) {
        return serviceAddresses.localPart().toLowerCase(Locale.ROOT) + "@" + domain.toLowerCase(Locale.ROOT);
    }

    /** The domain's key pair, made and published now when there is none; blocks at most the store's timeout. */
    public WksKeyPair of(String domain) throws KeyStoreUnavailableException {
        String normalised = domain.toLowerCase(Locale.ROOT);
        WksKeyPair cached = known.get(normalised);
        if (cached != null) {
            return cached;
        }
        try {
            WksKeyPair key = prepare(normalised).block(STORE_TIMEOUT.multipliedBy(3));
            if (key == null) {
                throw new KeyStoreUnavailableException("no submission key", null);
            }
            return key;
        } catch (RuntimeException e) {
            throw new KeyStoreUnavailableException("the submission key of " + normalised + " cannot be read", e);
        }
    }

    /** Makes sure the domain's key pair exists and its public key is published; never blocks the caller. */
    public Mono<WksKeyPair> prepare(String domain) {
        String normalised = domain.toLowerCase(Locale.ROOT);
        WksKeyPair cached = known.get(normalised);
        if (cached != null) {
            return Mono.just(cached);
        }
        return state.submissionKey(normalised)
            .switchIfEmpty(Mono.defer(() -> {
                WksKeyPair made = WksKeyPair.generate(submissionAddress(normalised), random);
                return state.submissionKeyIfAbsent(normalised, made.secretKeyRing());
            }))
            .timeout(STORE_TIMEOUT)
            .map(SubmissionKeys::read)
            .flatMap(key -> publishPublicKey(key).thenReturn(key))
            .doOnNext(key -> known.put(normalised, key));
    }

    /** Publishes the public key under the submission address unless the store already serves that very key. */
    private Mono<Void> publishPublicKey(WksKeyPair key) {
        String address = key.userId();
        return keyStore.find(address)
            .map(stored -> Optional.of(stored.fingerprint()))
            .defaultIfEmpty(Optional.empty())
            .flatMap(stored -> {
                if (stored.filter(key.fingerprint()::equals).isPresent()) {
                    return Mono.<Void>empty();
                }
                return keyStore.latestVersion(address).defaultIfEmpty(0L)
                    .flatMap(latest -> {
                        Instant now = clock.instant();
                        WriteTicket ticket = versions.next(latest);
                        StoredKey publicKey = new StoredKey(address, key.publicKey(), key.fingerprint(), now,
                            ticket.version());
                        LOGGER.info("Web Key Service: submission key {} published for {}", key.fingerprint(), address);
                        return keyStore.put(publicKey, ticket, ChangeOrigin.webKeyService(address, node.value(), now));
                    })
                    .timeout(STORE_TIMEOUT)
                    .then();
            });
    }

    private static WksKeyPair read(byte[] secretKeyRing) {
        try {
            return WksKeyPair.fromSecretKeyRing(secretKeyRing);
        } catch (IOException e) {
            throw new IllegalStateException("the stored submission key cannot be read", e);
        }
    }
}
