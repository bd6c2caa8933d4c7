package org.mailkeys.store.wks;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The Web Key Service state in memory: for the memory key store (tests and the demo); lost when James stops. */
public final class MemoryWebKeyServiceStore implements WebKeyServiceStore {
    private final Map<String, byte[]> submissionKeys = new ConcurrentHashMap<>();
    private final Map<String, Map<String, PendingSubmission>> pending = new ConcurrentHashMap<>();

    @Override
    public Mono<byte[]> submissionKey(String domain) {
        return Mono.justOrEmpty(submissionKeys.get(domain)).map(byte[]::clone);
    }

    @Override
    public Mono<byte[]> submissionKeyIfAbsent(String domain, byte[] secretKeyRing) {
        return Mono.fromSupplier(() -> submissionKeys.computeIfAbsent(domain, any -> secretKeyRing.clone()).clone());
    }

    @Override
    public Mono<Boolean> addPending(PendingSubmission submission, int maxPerAccount, Instant now) {
        return Mono.fromSupplier(() -> {
            Map<String, PendingSubmission> ofAccount = pending.computeIfAbsent(submission.account(),
                any -> new ConcurrentHashMap<>());
            synchronized (ofAccount) {
                ofAccount.values().removeIf(existing -> existing.expired(now));
                if (ofAccount.size() >= maxPerAccount) {
                    return false;
                }
                ofAccount.put(submission.nonce(), submission);
                return true;
            }
        });
    }

    @Override
    public Flux<PendingSubmission> pending(String account) {
        return Flux.defer(() -> Flux.fromIterable(pending.getOrDefault(account, Map.of()).values()));
    }

    @Override
    public Mono<Boolean> remove(String account, String nonce) {
        return Mono.fromSupplier(() -> {
            Map<String, PendingSubmission> ofAccount = pending.get(account);
            return ofAccount != null && ofAccount.remove(nonce) != null;
        });
    }
}
