package org.mailkeys.client.agent;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.mailkeys.client.AnswerEvaluator;
import org.mailkeys.client.MailKeysClient;
import org.mailkeys.client.MailKeysException;
import org.mailkeys.client.Outcome;
import org.mailkeys.client.PendingRequest;
import org.mailkeys.client.Protection;
import org.mailkeys.client.RequestKind;
import org.mailkeys.protocol.ErrorCode;
import org.mailkeys.protocol.MailAddresses;
import org.mailkeys.protocol.PublicKeys;

/**
 * The mail program's part of MailKeys, as a long-running service (issue 24): keeps the user's key published
 * (again after every change, warning before it expires, renewing it on request), looks up the contacts' keys and
 * refreshes them, paced per domain, imports them, reports a changed primary key, and answers the HKP listener
 * from the verified keys it holds.
 *
 * <p>Threads: one scheduler thread does everything that sends (publication, lookups, the {@link AgentJob}s) and
 * one watcher thread keeps the IMAP connection open and settles the answers; the HKP listener's threads only read
 * and wait. Their shared state is guarded by one lock, never held while mail is sent or received.
 */
public final class MailKeysAgent implements KeyDirectory, AutoCloseable {
    private static final Duration STATUS_EVERY = Duration.ofSeconds(5);
    private static final Duration FIRST_RECONNECT = Duration.ofSeconds(2);
    private static final Duration LONGEST_RECONNECT = Duration.ofMinutes(5);
    private static final Duration PUBLICATION_RETRY = Duration.ofMinutes(5);
    private static final Duration LONGEST_FAILURE_RETRY = Duration.ofHours(1);
    private static final Duration EXPIRY_WARNING_EVERY = Duration.ofDays(1);

    private final AgentSettings settings;
    private final MailKeysClient client;
    private final Optional<KeyRing> keyRing;
    private final AgentLog log;
    private final Clock clock;
    private final Jitter jitter;
    private final AgentState state;
    private final DomainPacer pacer;
    private final RateWindow perMinute;
    private final Optional<ContactsFile> contactsFile;
    private final ChangeNotifier changeNotifier;
    private final List<AgentJob> jobs = new ArrayList<>();

    private final Object lock = new Object();
    /** Sent lookups not answered yet, by Message-ID. */
    private final Map<String, InFlight> inFlight = new LinkedHashMap<>();
    /** Addresses a program asked for over HKP: sent before any refresh. */
    private final Set<String> urgent = new LinkedHashSet<>();
    private final Map<String, CompletableFuture<Void>> waiters = new HashMap<>();
    private Instant nextPublicationAttempt = Instant.MIN;
    private Instant lastExpiryWarning = Instant.MIN;
    private Instant lastRenewal = Instant.MIN;
    private String lastOwnKeyProblem;
    private Instant lastStatus = Instant.MIN;
    private boolean statusDirty = true;
    private String hkpAddress;

    private volatile boolean running;
    private ScheduledExecutorService scheduler;
    private Thread watcher;

    private static final class InFlight {
        final String address;
        final Instant sentAt;

        InFlight(String address, Instant sentAt) {
            this.address = address;
            this.sentAt = sentAt;
        }
    }

    public MailKeysAgent(AgentSettings settings, MailKeysClient client, Optional<KeyRing> keyRing, AgentLog log,
                         Clock clock, Jitter jitter) throws IOException {
        this.settings = settings;
        this.client = client;
        this.keyRing = keyRing;
        this.log = log;
        this.clock = clock;
        this.jitter = jitter;
        this.state = AgentState.open(settings.stateFolder, settings.account);
        this.pacer = new DomainPacer(settings.maxPerHour, clock);
        this.perMinute = new RateWindow(settings.maxPerMinute, Duration.ofMinutes(1), clock);
        this.contactsFile = settings.contacts.map(ContactsFile::new);
        this.changeNotifier = new ChangeNotifier(settings.onChange, log);
    }

    /** Adds periodic work (before {@link #start()}). */
    public void addJob(AgentJob job) {
        if (running) {
            throw new IllegalStateException("jobs are added before the start");
        }
        jobs.add(job);
    }

    /** Shown in the status: where the HKP listener listens. */
    public void hkpListening(String address) {
        synchronized (lock) {
            hkpAddress = address;
            statusDirty = true;
        }
    }

    public void start() {
        running = true;
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mailkeys-agent");
            thread.setDaemon(true);
            return thread;
        });
        if (settings.ownKey.isPresent()) {
            scheduler.scheduleWithFixedDelay(guarded("own key", this::checkOwnKey), 0,
                    settings.keyCheckInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
        scheduler.scheduleWithFixedDelay(guarded("lookups", this::lookupTick), 0, settings.tick.toMillis(), TimeUnit.MILLISECONDS);
        for (AgentJob job : jobs) {
            scheduler.scheduleWithFixedDelay(guarded(job.name(), job::run), 0, job.interval().toMillis(), TimeUnit.MILLISECONDS);
        }
        watcher = new Thread(this::watchAnswers, "mailkeys-agent-imap");
        watcher.setDaemon(true);
        watcher.start();
        log.info("agent started for " + settings.account + settings.ownKey.map(k -> "; own key from " + k.describe()).orElse("")
                + contactsFile.map(c -> "; contacts from " + c.file()).orElse("")
                + (settings.contactsFromSent ? "; contacts from the Sent folder" : "") + "; refresh every "
                + AgentDurations.format(settings.refresh));
    }

    /** Stops sending and watching, waits up to {@code grace} for the threads, and writes the final status. */
    public void stop(Duration grace) {
        running = false;
        long deadline = System.nanoTime() + grace.toNanos();
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        synchronized (lock) {
            waiters.values().forEach(future -> future.complete(null));
            waiters.clear();
        }
        try {
            if (scheduler != null) {
                scheduler.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            if (watcher != null) {
                watcher.interrupt();
                watcher.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeStatus(true);
        changeNotifier.close();
        log.info("agent stopped");
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }

    // ---- the own key -------------------------------------------------------------------------------------------

    void checkOwnKey() throws Exception {
        OwnKeySource source = settings.ownKey.orElseThrow();
        byte[] key;
        try {
            key = source.read();
        } catch (IOException e) {
            ownKeyProblem("cannot read the own key from " + source.describe() + ": " + e.getMessage());
            return;
        }
        Instant now = clock.instant();
        String sha = AgentState.sha256Hex(key);
        String fingerprint = PublicKeys.fingerprint(key).orElse(null);
        Optional<Instant> usableUntil = PublicKeys.usableUntil(key);
        OwnKeyRecord own = state.ownKey();
        synchronized (lock) {
            if (!sha.equals(own.currentSha256)) {
                own.currentSha256 = sha;
                own.fingerprint = fingerprint;
                own.usableUntil = usableUntil.orElse(null);
                statusDirty = true;
            }
        }
        if (usableUntil.isPresent() && now.plus(settings.expiryWarning).isAfter(usableUntil.get())) {
            if (settings.renew && keyRing.isPresent() && fingerprint != null
                    && !now.isBefore(lastRenewal.plus(EXPIRY_WARNING_EVERY))) {
                lastRenewal = now;
                try {
                    keyRing.get().extendExpiry(fingerprint, settings.renewPeriod);
                    log.info("renewed the own key " + fingerprint + " by " + settings.renewPeriod + " (gpg --quick-set-expire)");
                    checkOwnKey();
                    return;
                } catch (KeyRing.KeyRingException e) {
                    log.warn("could not renew the own key " + fingerprint + ": " + e.getMessage());
                }
            }
            if (!now.isBefore(lastExpiryWarning.plus(EXPIRY_WARNING_EVERY))) {
                lastExpiryWarning = now;
                log.warn("the own key " + fingerprint + " can no longer be used for encryption after "
                        + usableUntil.get() + (settings.renew ? "" : "; extend it (gpg --quick-set-expire) or run the agent with --renew"));
            }
            synchronized (lock) {
                own.problem = "expires " + usableUntil.get();
                statusDirty = true;
            }
        } else if (own.problem != null && own.problem.startsWith("expires ")) {
            synchronized (lock) {
                own.problem = null;
                statusDirty = true;
            }
        }
        if (sha.equals(own.confirmedSha256) || sha.equals(own.refusedSha256) || publicationPending(sha, now)
                || now.isBefore(nextPublicationAttempt)) {
            return;
        }
        Outcome sent;
        try {
            sent = client.sendPublication(key);
        } catch (IllegalArgumentException e) {
            synchronized (lock) {
                own.refusedSha256 = sha;
                state.saveOwnKey();
            }
            ownKeyProblem(e.getMessage());
            return;
        }
        if (sent instanceof Outcome.Pending) {
            log.info("publishing the own key " + fingerprint + " (" + (own.confirmedSha256 == null
                    ? "no confirmation for it yet" : "changed since the last confirmation") + ")");
            lastOwnKeyProblem = null;
        } else {
            nextPublicationAttempt = now.plus(PUBLICATION_RETRY);
            ownKeyProblem("could not send the publication: " + sent.describe());
        }
    }

    private boolean publicationPending(String sha, Instant now) throws MailKeysException {
        Instant oldestWaited = now.minus(settings.lookupAnswerTimeout);
        for (PendingRequest request : client.pendingOfAccount()) {
            if (request.kind() == RequestKind.PUBLISH && request.sentAt().isAfter(oldestWaited)
                    && request.sentKeyBytes().map(AgentState::sha256Hex).filter(sha::equals).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private void ownKeyProblem(String problem) throws IOException {
        if (!problem.equals(lastOwnKeyProblem)) {
            log.warn(problem);
            lastOwnKeyProblem = problem;
        }
        synchronized (lock) {
            state.ownKey().problem = problem;
            state.saveOwnKey();
            statusDirty = true;
        }
    }

    private void onPublicationAnswer(PendingRequest request, Outcome outcome) throws IOException {
        Optional<byte[]> sent = request.sentKeyBytes();
        if (sent.isEmpty()) {
            return;
        }
        OwnKeyRecord own = state.ownKey();
        synchronized (lock) {
            if (outcome instanceof Outcome.Published) {
                own.confirmedSha256 = AgentState.sha256Hex(sent.get());
                own.confirmedAt = clock.instant();
                own.confirmedFingerprint = PublicKeys.fingerprint(sent.get()).orElse(null);
                if (own.problem != null && !own.problem.startsWith("expires ")) {
                    own.problem = null;
                }
                log.info("the own key " + own.confirmedFingerprint + " is published (confirmation verified)");
            } else if (outcome instanceof Outcome.ServerError && ((Outcome.ServerError) outcome).verified()
                    && !ErrorCode.SUPERSEDED.wireName().equals(((Outcome.ServerError) outcome).code())) {
                own.refusedSha256 = AgentState.sha256Hex(sent.get());
                own.problem = "publication refused: " + outcome.describe();
                log.warn("the provider refused the own key: " + outcome.describe());
            } else {
                log.warn("publication: " + outcome.describe());
                return;
            }
            state.saveOwnKey();
            statusDirty = true;
        }
    }

    // ---- contacts ----------------------------------------------------------------------------------------------

    void lookupTick() throws Exception {
        reloadContacts();
        expireLookups();
        List<String> toSend = new ArrayList<>();
        synchronized (lock) {
            Set<String> asked = new HashSet<>();
            inFlight.values().forEach(sent -> asked.add(sent.address));
            Instant now = clock.instant();
            List<String> candidates = new ArrayList<>(urgent);
            state.contacts().stream()
                    .filter(record -> record.inContacts || record.askedByProgram)
                    .filter(record -> record.nextRefresh == null || !record.nextRefresh.isAfter(now))
                    .sorted(Comparator.comparing((ContactRecord record) -> record.nextRefresh == null ? Instant.MIN : record.nextRefresh))
                    .map(ContactRecord::address)
                    .forEach(candidates::add);
            for (String address : candidates) {
                if (!perMinute.allows()) {
                    break;
                }
                if (asked.contains(address)) {
                    urgent.remove(address);
                    continue;
                }
                String domain = domainOf(address);
                if (!pacer.mayAsk(domain) || !asked.add(address)) {
                    continue;
                }
                pacer.asked(domain);
                perMinute.record();
                urgent.remove(address);
                toSend.add(address);
            }
        }
        for (String address : toSend) {
            if (!running) {
                return;
            }
            Instant sendingAt = clock.instant();
            Outcome sent = client.sendLookup(address);
            synchronized (lock) {
                if (sent instanceof Outcome.Pending) {
                    inFlight.put(((Outcome.Pending) sent).messageId(), new InFlight(address, clock.instant()));
                    Optional<ContactRecord> record = state.contact(address);
                    if (record.isPresent() && (record.get().lastLookup == null || record.get().lastLookup.isBefore(sendingAt))) {
                        // not due again while its answer may come, across a restart too (unless it came already)
                        record.get().nextRefresh = clock.instant().plus(settings.lookupAnswerTimeout);
                        state.save(record.get());
                    }
                } else {
                    Optional<ContactRecord> record = state.contact(address);
                    if (record.isPresent()) {
                        boolean notSupported = sent instanceof Outcome.NotSupported;
                        settle(record.get(), notSupported ? ContactRecord.NOT_SUPPORTED : ContactRecord.FAILED,
                                sent.protection(), notSupported ? settings.refresh : shorter(settings.refresh));
                    }
                    if (sent instanceof Outcome.Failed) {
                        log.warn("lookup of " + address + ": " + sent.describe());
                    }
                    wake(address);
                }
            }
        }
        pacer.prune();
        writeStatus(false);
    }

    private void reloadContacts() throws IOException {
        boolean changed = false;
        if (contactsFile.isPresent()) {
            try {
                Optional<List<String>> read = contactsFile.get().readIfChanged();
                if (read.isPresent()) {
                    fileContacts = read.get();
                    changed = true;
                    log.info("contacts read from " + contactsFile.get().file() + ": " + count(fileContacts));
                }
            } catch (IOException e) {
                contactsWarning("cannot read the contacts " + contactsFile.get().file() + ": " + e.getMessage());
            }
        }
        Instant now = clock.instant();
        if (settings.contactsFromSent && !now.isBefore(nextSentRead)) {
            Duration period = settings.refresh.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : settings.refresh;
            nextSentRead = now.plus(period);
            try {
                List<String> read = client.sentRecipients(AgentSettings.SENT_MESSAGES_READ, ContactsFile.MAX_CONTACTS);
                if (!read.equals(sentContacts)) {
                    sentContacts = read;
                    changed = true;
                    log.info("recipients read from the Sent folder: " + count(sentContacts));
                }
            } catch (MailKeysException e) {
                contactsWarning(e.getMessage());
            }
        }
        if (!changed) {
            return;
        }
        Set<String> listed = new LinkedHashSet<>(fileContacts);
        for (String address : sentContacts) {
            if (listed.size() >= ContactsFile.MAX_CONTACTS) {
                break;
            }
            listed.add(address);
        }
        synchronized (lock) {
            for (ContactRecord record : new ArrayList<>(state.contacts())) {
                if (record.inContacts && !listed.contains(record.address)) {
                    record.inContacts = false;
                    if (record.askedByProgram) {
                        state.save(record);
                    } else {
                        state.forget(record);
                    }
                }
            }
            for (String address : listed) {
                ContactRecord record = state.contactOrNew(address);
                if (!record.inContacts) {
                    record.inContacts = true;
                    state.save(record);
                }
            }
            statusDirty = true;
        }
    }

    private static String count(List<String> addresses) {
        return addresses.size() + " address" + (addresses.size() == 1 ? "" : "es");
    }

    private String lastContactsProblem;
    private List<String> fileContacts = List.of();
    private List<String> sentContacts = List.of();
    private Instant nextSentRead = Instant.MIN;

    private void contactsWarning(String problem) {
        if (!problem.equals(lastContactsProblem)) {
            log.warn(problem);
            lastContactsProblem = problem;
        }
    }

    /** A lookup without an answer in time is given up (and forgotten) and tried again later. */
    private void expireLookups() throws IOException {
        Instant oldestWaited = clock.instant().minus(settings.lookupAnswerTimeout);
        synchronized (lock) {
            for (Map.Entry<String, InFlight> entry : new ArrayList<>(inFlight.entrySet())) {
                if (entry.getValue().sentAt.isAfter(oldestWaited)) {
                    continue;
                }
                inFlight.remove(entry.getKey());
                if (client.pendingRequests().find(entry.getKey()).isEmpty()) {
                    continue; // answered meanwhile
                }
                client.pendingRequests().remove(entry.getKey());
                Optional<ContactRecord> record = state.contact(entry.getValue().address);
                if (record.isPresent()) {
                    settle(record.get(), ContactRecord.NO_ANSWER, Optional.empty(), shorter(settings.refresh));
                }
                wake(entry.getValue().address);
            }
        }
    }

    private void onLookupAnswer(PendingRequest request, Outcome outcome) throws IOException {
        String address = MailAddresses.normalise(request.address());
        String domain = domainOf(address);
        if (outcome instanceof Outcome.Tampered || outcome instanceof Outcome.ProbablyNotSupported
                || outcome instanceof Outcome.ServerError && !((Outcome.ServerError) outcome).verified()) {
            log.warn("lookup of " + address + ": " + outcome.describe() + " (not used; waiting for a verified answer)");
            return;
        }
        synchronized (lock) {
            inFlight.remove(request.messageId());
            Optional<ContactRecord> found = state.contact(address);
            if (found.isEmpty()) {
                return; // no longer a contact
            }
            ContactRecord record = found.get();
            if (outcome instanceof Outcome.KeyFound) {
                pacer.answered(domain);
                keyFound(record, (Outcome.KeyFound) outcome);
                settle(record, ContactRecord.KEY_FOUND, request.protection(), settings.refresh);
            } else if (outcome instanceof Outcome.NotFound) {
                pacer.answered(domain);
                settle(record, ContactRecord.NOT_FOUND, request.protection(), settings.refresh);
            } else if (outcome instanceof Outcome.ServerError
                    && ErrorCode.RATE_LIMITED.wireName().equals(((Outcome.ServerError) outcome).code())) {
                Instant until = pacer.rateLimited(domain);
                log.warn(domain + " answered rate-limited: no lookups to it before " + until);
                settle(record, ContactRecord.RATE_LIMITED, request.protection(), Duration.between(clock.instant(), until));
                record.nextRefresh = until;
                state.save(record);
            } else {
                log.warn("lookup of " + address + ": " + outcome.describe());
                settle(record, ContactRecord.ERROR, request.protection(), shorter(settings.refresh));
            }
            wake(address);
        }
    }

    /** Under the lock: a verified key for a contact; the same primary key replaces the held one, another is reported. */
    private void keyFound(ContactRecord record, Outcome.KeyFound found) throws IOException {
        byte[] key = found.keyBytes();
        String fingerprint = found.fingerprint();
        boolean sameOrFirst = record.fingerprint == null || record.fingerprint.equals(fingerprint);
        if (!sameOrFirst) {
            if (!fingerprint.equals(record.refusedFingerprint)) {
                record.changesSeen++;
                record.refusedFingerprint = fingerprint;
                record.refusedAt = clock.instant();
                log.warn(record.address + " now has ANOTHER primary key: " + fingerprint + " (held: "
                        + record.fingerprint + ")" + (settings.acceptNewKeys ? "; accepted (--accept-new-keys)"
                        : "; the held key is kept (accept the new one with --accept-new-keys)"));
                changeNotifier.changed(record.address, record.fingerprint, fingerprint, settings.acceptNewKeys);
            }
            if (!settings.acceptNewKeys) {
                return;
            }
            record.refusedFingerprint = null;
        }
        Optional<byte[]> held = state.key(record.address);
        boolean changed = held.isEmpty() || !AgentState.sha256Hex(held.get()).equals(AgentState.sha256Hex(key));
        if (!changed) {
            return;
        }
        state.saveKey(record.address, key);
        log.info((record.fingerprint == null ? "key found for " : sameOrFirst ? "key updated for " : "new key held for ")
                + record.address + ": " + fingerprint);
        record.fingerprint = fingerprint;
        record.allFingerprints = PublicKeys.allFingerprints(key);
        if (settings.importKeys && keyRing.isPresent()) {
            try {
                keyRing.get().importKey(key, record.address);
                log.info("imported the key of " + record.address + " into GnuPG");
            } catch (KeyRing.KeyRingException e) {
                log.warn("could not import the key of " + record.address + ": " + e.getMessage());
            }
        }
    }

    /** Under the lock: records a lookup's result and schedules the next. */
    private void settle(ContactRecord record, String result, Optional<Protection> protection, Duration untilNext)
            throws IOException {
        Instant now = clock.instant();
        record.lastResult = result;
        record.lastLookup = now;
        protection.ifPresent(used -> record.protection = used.wireName());
        record.nextRefresh = now.plus(jitter.spread(untilNext));
        state.save(record);
        statusDirty = true;
    }

    private Duration shorter(Duration refresh) {
        Duration quarter = refresh.dividedBy(4);
        return quarter.compareTo(LONGEST_FAILURE_RETRY) > 0 ? LONGEST_FAILURE_RETRY : quarter;
    }

    private void wake(String address) {
        CompletableFuture<Void> waiter = waiters.remove(address);
        if (waiter != null) {
            waiter.complete(null);
        }
    }

    // ---- answers -----------------------------------------------------------------------------------------------

    private void watchAnswers() {
        Duration wait = FIRST_RECONNECT;
        while (running) {
            try {
                client.watchAnswers(this::onAnswer, settings.answerSlice, () -> running);
                wait = FIRST_RECONNECT;
            } catch (MailKeysException e) {
                if (!running) {
                    return;
                }
                log.warn(e.getMessage() + "; connecting again in " + wait.getSeconds() + " s");
            } catch (RuntimeException e) {
                log.warn("watching for answers failed: " + e + "; again in " + wait.getSeconds() + " s");
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            wait = wait.multipliedBy(2).compareTo(LONGEST_RECONNECT) > 0 ? LONGEST_RECONNECT : wait.multipliedBy(2);
        }
    }

    private void onAnswer(AnswerEvaluator.Evaluation evaluation) {
        try {
            if (evaluation.request().kind() == RequestKind.PUBLISH) {
                onPublicationAnswer(evaluation.request(), evaluation.outcome());
            } else if (evaluation.request().kind() == RequestKind.LOOKUP) {
                onLookupAnswer(evaluation.request(), evaluation.outcome());
            }
        } catch (IOException e) {
            log.warn("cannot keep the agent's state in " + state.folder() + ": " + e.getMessage());
        }
    }

    // ---- HKP ---------------------------------------------------------------------------------------------------

    @Override
    public Optional<byte[]> byAddress(String requested) throws InterruptedException {
        String address = MailAddresses.normalise(requested);
        if (!MailAddresses.isPlausible(address)) {
            return Optional.empty();
        }
        CompletableFuture<Void> answered;
        synchronized (lock) {
            Optional<ContactRecord> known = state.contact(address);
            if (known.isPresent() && (known.get().hasKey() || known.get().lastLookup != null
                    && (ContactRecord.NOT_FOUND.equals(known.get().lastResult)
                    || ContactRecord.NOT_SUPPORTED.equals(known.get().lastResult)))) {
                return heldKey(known.get());
            }
            if (!running || known.isEmpty() && programAddresses() >= AgentSettings.MAX_PROGRAM_ADDRESSES) {
                return Optional.empty();
            }
            ContactRecord record = state.contactOrNew(address);
            if (!record.askedByProgram) {
                record.askedByProgram = true;
                try {
                    state.save(record);
                } catch (IOException e) {
                    log.warn("cannot keep the agent's state: " + e.getMessage());
                }
            }
            urgent.add(address);
            answered = waiters.computeIfAbsent(address, a -> new CompletableFuture<>());
        }
        scheduler.execute(guarded("lookups", this::lookupTick));
        try {
            answered.get(settings.programLookupWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return Optional.empty();
        }
        synchronized (lock) {
            return state.contact(address).flatMap(this::heldKey);
        }
    }

    @Override
    public List<byte[]> byFingerprintSuffix(String hex) {
        List<byte[]> keys = new ArrayList<>();
        synchronized (lock) {
            for (ContactRecord record : state.contacts()) {
                if (record.allFingerprints.stream().anyMatch(fingerprint -> fingerprint.endsWith(hex))) {
                    heldKey(record).ifPresent(keys::add);
                }
                if (keys.size() >= 16) {
                    break;
                }
            }
        }
        return keys;
    }

    private Optional<byte[]> heldKey(ContactRecord record) {
        if (!record.hasKey()) {
            return Optional.empty();
        }
        try {
            return state.key(record.address);
        } catch (IOException e) {
            log.warn("cannot read the key held for " + record.address + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private long programAddresses() {
        return state.contacts().stream().filter(record -> record.askedByProgram && !record.inContacts).count();
    }

    // ---- status ------------------------------------------------------------------------------------------------

    private void writeStatus(boolean stopped) {
        Instant now = clock.instant();
        String json;
        String text;
        synchronized (lock) {
            if (!stopped && (!statusDirty || now.isBefore(lastStatus.plus(STATUS_EVERY)))) {
                return;
            }
            StatusReport report = new StatusReport(settings.account, !stopped, ProcessHandle.current().pid(), now,
                    Optional.ofNullable(hkpAddress), state.ownKey(), settings.ownKey.isPresent(), state.contacts());
            json = report.json();
            text = report.text();
            statusDirty = false;
            lastStatus = now;
        }
        try {
            state.writeStatus(json, text);
        } catch (IOException e) {
            log.warn("cannot write the agent's status: " + e.getMessage());
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private interface Work {
        void run() throws Exception;
    }

    private Runnable guarded(String what, Work work) {
        return () -> {
            if (!running) {
                return;
            }
            try {
                work.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                if (running) {
                    log.warn(what + ": " + e.getMessage());
                }
            }
        };
    }

    private static String domainOf(String address) {
        return address.substring(address.lastIndexOf('@') + 1);
    }
}
