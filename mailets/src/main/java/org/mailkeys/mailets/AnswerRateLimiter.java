package org.mailkeys.mailets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Answer rates (docs/PROTOCOL.md section 5), in memory on this node. Fixed windows: each key counts the answers since its
 * window opened. The first request over any limit gets one {@code rate-limited} answer, later ones silence until the
 * window of every exceeded key has closed.
 *
 * <ul>
 *     <li>Mail without SMTP AUTH counts against its sender address, its sender domain and its client IP; an IPv6
 *     client counts per /64, since one host can pick any address of its /64 ({@link ClientNetwork}).</li>
 *     <li>Mail with SMTP AUTH counts against its account alone ({@link #decideForAccount}), in a table of its own:
 *     envelope senders and domains are what strangers forge, so they can neither use up an account's answers nor
 *     fill its table.</li>
 *     <li>Memory is bounded by {@code maxTrackedKeys} per table, and a counter is never evicted while its window is
 *     open (evicting it would reset it: a flood of new senders would then wipe the counter of the sender it
 *     wants answered again). Counters whose window has closed are removed, oldest first, before each decision. If
 *     the table is still full, a request that needs a new counter is not answered ({@link Decision#NO_ROOM}).</li>
 *     <li>Counters are created only for a request that will be answered: the counters that already exist (the client
 *     IP's among them) are looked at first, and a request over any of them creates nothing. Each counter is owned by
 *     the client network whose request created it, until its window closes, and one client (an IPv4 address, an IPv6
 *     /64) owns at most {@code maxTrackedKeysPerClient} counters, an IPv6 /48 four times that
 *     ({@link Decision#CLIENT_SHARE_FULL}): one host sending random senders and domains cannot fill the table and
 *     silence every new requester.</li>
 * </ul>
 *
 * <p>Every decision costs O(1) amortised: closed windows are removed from the head of a table kept in the order
 * windows opened, never by a scan.
 */
final class AnswerRateLimiter {
    enum Decision {
        ANSWER,
        /** Over a limit for the first time in this window: answer once with ERROR rate-limited. */
        ANSWER_RATE_LIMITED,
        SILENCE,
        /** Every counter of the table is in use; nothing is answered rather than forget a counter. */
        NO_ROOM,
        /** The client's network owns its share of the table; nothing is answered until windows it opened close. */
        CLIENT_SHARE_FULL
    }

    static final class Limits {
        /** An IPv6 /48 (a site) may own this many times the share of one client. */
        static final int SITE_SHARE_FACTOR = 4;
        /** One answered request may need three new counters: its sender, its sender domain and its client. */
        static final int MIN_SHARE = 3;

        final long perSender;
        final long perClientIp;
        final long perSenderDomain;
        final Duration window;
        final int maxTrackedKeys;
        final int maxTrackedKeysPerClient;

        Limits(long perSender, long perClientIp, long perSenderDomain, Duration window, int maxTrackedKeys) {
            this(perSender, perClientIp, perSenderDomain, window, maxTrackedKeys,
                defaultShare(perClientIp, maxTrackedKeys));
        }

        Limits(long perSender, long perClientIp, long perSenderDomain, Duration window, int maxTrackedKeys,
               int maxTrackedKeysPerClient) {
            this.perSender = perSender;
            this.perClientIp = perClientIp;
            this.perSenderDomain = perSenderDomain;
            this.window = window;
            this.maxTrackedKeys = maxTrackedKeys;
            this.maxTrackedKeysPerClient = Math.max(MIN_SHARE, maxTrackedKeysPerClient);
        }

        /**
         * What a client answered at its IP limit in two overlapping windows can need (two new counters per answer,
         * and its own), but never more than a sixteenth of the table.
         */
        static int defaultShare(long perClientIp, int maxTrackedKeys) {
            long needed = 4 * Math.min(perClientIp, Integer.MAX_VALUE / 8) + 1;
            return (int) Math.max(MIN_SHARE, Math.min(needed, maxTrackedKeys / 16));
        }

        int siteShare() {
            return (int) Math.min((long) SITE_SHARE_FACTOR * maxTrackedKeysPerClient,
                Math.max(maxTrackedKeysPerClient, maxTrackedKeys / 4));
        }
    }

    private static final class Counter {
        private final long limit;
        private final Instant windowStart;
        private final List<String> owners;
        private long answers;
        private boolean rateLimitedAnswerSent;

        private Counter(long limit, Instant windowStart, List<String> owners) {
            this.limit = limit;
            this.windowStart = windowStart;
            this.owners = owners;
        }

        private boolean expired(Instant now, Duration window) {
            return !now.isBefore(windowStart.plus(window));
        }

        private boolean isOver() {
            return answers >= limit;
        }
    }

    /** A counter a request counts against: its key and its limit. */
    private static final class Wanted {
        private final String key;
        private final long limit;

        private Wanted(String key, long limit) {
            this.key = key;
            this.limit = limit;
        }
    }

    /**
     * Counters by key, bounded, never evicting one whose window is open. Kept in the order their windows opened, so
     * closed windows are found at the head; counts the counters each owner (a client network) holds.
     */
    private static final class CounterTable {
        private final LinkedHashMap<String, Counter> counters = new LinkedHashMap<>();
        private final Map<String, Integer> owned = new HashMap<>();
        private final int capacity;
        private final Duration window;

        private CounterTable(int capacity, Duration window) {
            this.capacity = capacity;
            this.window = window;
        }

        /** Removes the counters whose window has closed, oldest first, and stops at the first open one. */
        private void closeWindows(Instant now) {
            Iterator<Counter> oldestFirst = counters.values().iterator();
            while (oldestFirst.hasNext()) {
                Counter counter = oldestFirst.next();
                if (!counter.expired(now, window)) {
                    return;
                }
                oldestFirst.remove();
                release(counter);
            }
        }

        /** The counter of the key in an open window (a closed one, left behind by a clock set back, is removed). */
        private Optional<Counter> existing(String key, Instant now) {
            Counter counter = counters.get(key);
            if (counter != null && counter.expired(now, window)) {
                counters.remove(key);
                release(counter);
                return Optional.empty();
            }
            return Optional.ofNullable(counter);
        }

        private boolean hasRoomFor(int more) {
            return counters.size() + more <= capacity;
        }

        private int ownedBy(String owner) {
            return owned.getOrDefault(owner, 0);
        }

        private Counter create(Wanted wanted, Instant now, List<String> owners) {
            Counter counter = new Counter(wanted.limit, now, owners);
            counters.put(wanted.key, counter);
            owners.forEach(owner -> owned.merge(owner, 1, Integer::sum));
            return counter;
        }

        private void release(Counter counter) {
            counter.owners.forEach(owner -> owned.computeIfPresent(owner, (ignored, count) -> count == 1 ? null
                : count - 1));
        }

        private int size() {
            return counters.size();
        }
    }

    private final Limits limits;
    private final Clock clock;
    private final CounterTable strangers;
    private final CounterTable accounts;

    AnswerRateLimiter(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        this.strangers = new CounterTable(limits.maxTrackedKeys, limits.window);
        this.accounts = new CounterTable(limits.maxTrackedKeys, limits.window);
    }

    /**
     * Decides for one request received without SMTP AUTH and, when it is answered, counts the answer. The counters
     * that exist decide first: a request over any of them is rate-limited or silenced and creates no counter (a new
     * counter is never over its limit, so it could not change the decision).
     *
     * @param clientIp empty when James did not record one
     */
    synchronized Decision decide(String senderAddress, Optional<String> clientIp) {
        Instant now = clock.instant();
        strangers.closeWindows(now);
        String sender = senderAddress.toLowerCase(Locale.ROOT);
        List<Wanted> wanted = new ArrayList<>();
        clientIp.ifPresent(ip -> wanted.add(new Wanted("ip:" + ClientNetwork.of(ip), limits.perClientIp)));
        wanted.add(new Wanted("sender:" + sender, limits.perSender));
        wanted.add(new Wanted("domain:" + sender.substring(sender.lastIndexOf('@') + 1), limits.perSenderDomain));

        List<Counter> involved = new ArrayList<>();
        List<Wanted> missing = new ArrayList<>();
        for (Wanted one : wanted) {
            strangers.existing(one.key, now).ifPresentOrElse(involved::add, () -> missing.add(one));
        }
        if (involved.stream().anyMatch(Counter::isOver)) {
            return overALimit(involved);
        }
        if (!missing.isEmpty()) {
            if (!strangers.hasRoomFor(missing.size())) {
                return Decision.NO_ROOM;
            }
            List<ClientNetwork.Owner> owners = clientIp.map(ClientNetwork::owners).orElse(List.of());
            for (ClientNetwork.Owner owner : owners) {
                int share = owner.site ? limits.siteShare() : limits.maxTrackedKeysPerClient;
                if (strangers.ownedBy(owner.name) + missing.size() > share) {
                    return Decision.CLIENT_SHARE_FULL;
                }
            }
            List<String> ownerNames = owners.stream().map(owner -> owner.name).collect(Collectors.toUnmodifiableList());
            missing.forEach(one -> involved.add(strangers.create(one, now, ownerNames)));
        }
        involved.forEach(counter -> counter.answers++);
        return Decision.ANSWER;
    }

    /** Decides for one request received with SMTP AUTH: counted against the account alone (per-sender limit). */
    synchronized Decision decideForAccount(String accountAddress) {
        Instant now = clock.instant();
        accounts.closeWindows(now);
        Wanted wanted = new Wanted(accountAddress.toLowerCase(Locale.ROOT), limits.perSender);
        Optional<Counter> existing = accounts.existing(wanted.key, now);
        if (existing.isPresent() && existing.get().isOver()) {
            return overALimit(List.of(existing.get()));
        }
        if (existing.isEmpty() && !accounts.hasRoomFor(1)) {
            return Decision.NO_ROOM;
        }
        Counter counter = existing.orElseGet(() -> accounts.create(wanted, now, List.of()));
        counter.answers++;
        return Decision.ANSWER;
    }

    synchronized int trackedKeys() {
        return strangers.size() + accounts.size();
    }

    /** At least one counter is over: one rate-limited answer per window of each, then silence. */
    private static Decision overALimit(List<Counter> involved) {
        List<Counter> over = new ArrayList<>();
        for (Counter counter : involved) {
            if (counter.isOver()) {
                over.add(counter);
            }
        }
        if (over.stream().allMatch(counter -> counter.rateLimitedAnswerSent)) {
            return Decision.SILENCE;
        }
        over.forEach(counter -> counter.rateLimitedAnswerSent = true);
        return Decision.ANSWER_RATE_LIMITED;
    }
}
