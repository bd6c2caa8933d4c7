package org.mailkeys.mailets;

import java.util.Optional;
import java.util.Set;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.MailetConfig;
import org.apache.mailet.MailetException;
import org.mailkeys.mailets.log.LogProofs;
import org.mailkeys.store.KeyStore;
import org.mailkeys.transparency.KeyLog;

/**
 * What a mailet that answers from the key store sets up in its {@code init()}: the store calls bounded by its
 * {@code storeTimeoutSeconds} parameter (its only one), the answers, the once-only {@code unavailable} answer, and
 * the key log's proofs when the log runs. Shared by {@link PublishKey} and {@link AnswerKeyRequest}.
 */
final class AnsweringStore {
    private final StoreCalls store;
    private final Answers answers;
    private final UnavailableAnswer unavailable;
    private final Optional<LogProofs> proofs;

    private AnsweringStore(StoreCalls store, Answers answers, Optional<LogProofs> proofs) {
        this.store = store;
        this.answers = answers;
        this.unavailable = new UnavailableAnswer(answers);
        this.proofs = proofs;
    }

    /** Checks the mailet's parameters, failing its start on an unknown or bad one. */
    static AnsweringStore configured(MailetConfig config, KeyStore keyStore, MetricFactory metrics,
                                     Optional<KeyLog> log) throws MailetException {
        MailetParameters parameters = MailetParameters.of(config, Set.of(StoreCalls.TIMEOUT_PARAMETER));
        StoreCalls store = StoreCalls.configured(keyStore, parameters, metrics);
        return new AnsweringStore(store, new Answers(config.getMailetContext(), metrics),
            log.map(keyLog -> new LogProofs(keyLog, store.timeout())));
    }

    StoreCalls store() {
        return store;
    }

    Answers answers() {
        return answers;
    }

    UnavailableAnswer unavailable() {
        return unavailable;
    }

    Optional<LogProofs> proofs() {
        return proofs;
    }
}
