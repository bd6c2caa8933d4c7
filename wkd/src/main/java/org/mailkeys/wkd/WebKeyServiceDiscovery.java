package org.mailkeys.wkd;

import reactor.core.publisher.Mono;

/**
 * What the listener tells of the Web Key Service (draft-koch-openpgp-webkey-service section 4.1 and 4.5): the
 * submission address of a hosted domain, served as the {@code submission-address} file and named in the
 * {@code policy} file. Asking for it makes sure the submission key exists and is published in the key store, so that
 * the look-up of the submission address's key that follows finds it.
 */
public interface WebKeyServiceDiscovery {
    /** No Web Key Service: no {@code submission-address} file (404), a policy file without the service. */
    WebKeyServiceDiscovery NONE = new WebKeyServiceDiscovery() {
        @Override
        public Mono<String> submissionAddress(String domain) {
            return Mono.empty();
        }

        @Override
        public String submissionLocalPart() {
            return "";
        }
    };

    /** The domain's submission address once its key is published; empty when the domain has no service. */
    Mono<String> submissionAddress(String domain);

    /** The local part of every domain's submission address ({@code keys}); empty when there is no service. */
    String submissionLocalPart();
}
