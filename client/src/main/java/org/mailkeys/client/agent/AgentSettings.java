package org.mailkeys.client.agent;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What the agent does and how often; every period has a default and can be shortened for tests. */
public final class AgentSettings {
    public static final Duration DEFAULT_REFRESH = Duration.ofDays(1);
    public static final int DEFAULT_MAX_PER_HOUR = 8;
    /** Addresses programs asked for over HKP that are not contacts: beyond this many, no new one is looked up. */
    public static final int MAX_PROGRAM_ADDRESSES = 1_000;
    /** Lookups sent in any minute, over all domains: 10,000 contacts refreshed daily need about 7. */
    public static final int MAX_PER_MINUTE = 10;
    /** How many of the newest sent mails {@code --contacts-from-sent} reads. */
    public static final int SENT_MESSAGES_READ = 2_000;

    final String account;
    final Path stateFolder;
    final Optional<OwnKeySource> ownKey;
    final Optional<Path> contacts;
    final boolean contactsFromSent;
    final Duration refresh;
    final int maxPerHour;
    final int maxPerMinute;
    final boolean importKeys;
    final boolean acceptNewKeys;
    final Optional<String> onChange;
    final boolean renew;
    final String renewPeriod;
    final Duration keyCheckInterval;
    final Duration tick;
    final Duration answerSlice;
    final Duration programLookupWait;
    final Duration lookupAnswerTimeout;
    final Duration expiryWarning;
    final Optional<InetSocketAddress> hkp;

    private AgentSettings(Builder builder) {
        this.account = Objects.requireNonNull(builder.account);
        this.stateFolder = Objects.requireNonNull(builder.stateFolder);
        this.ownKey = builder.ownKey;
        this.contacts = builder.contacts;
        this.contactsFromSent = builder.contactsFromSent;
        this.refresh = builder.refresh;
        this.maxPerHour = builder.maxPerHour;
        this.maxPerMinute = builder.maxPerMinute;
        this.importKeys = builder.importKeys;
        this.acceptNewKeys = builder.acceptNewKeys;
        this.onChange = builder.onChange;
        this.renew = builder.renew;
        this.renewPeriod = builder.renewPeriod;
        this.keyCheckInterval = builder.keyCheckInterval;
        this.tick = builder.tick;
        this.answerSlice = builder.answerSlice;
        this.programLookupWait = builder.programLookupWait;
        this.lookupAnswerTimeout = builder.lookupAnswerTimeout;
        this.expiryWarning = builder.expiryWarning;
        this.hkp = builder.hkp;
    }

    public static Builder builder(String account, Path stateFolder) {
        return new Builder(account, stateFolder);
    }

    public Optional<InetSocketAddress> hkp() {
        return hkp;
    }

    public Duration programLookupWait() {
        return programLookupWait;
    }

    public static final class Builder {
        private final String account;
        private final Path stateFolder;
        private Optional<OwnKeySource> ownKey = Optional.empty();
        private Optional<Path> contacts = Optional.empty();
        private boolean contactsFromSent;
        private Duration refresh = DEFAULT_REFRESH;
        private int maxPerHour = DEFAULT_MAX_PER_HOUR;
        private int maxPerMinute = MAX_PER_MINUTE;
        private boolean importKeys;
        private boolean acceptNewKeys;
        private Optional<String> onChange = Optional.empty();
        private boolean renew;
        private String renewPeriod = "1y";
        private Duration keyCheckInterval = Duration.ofSeconds(30);
        private Duration tick = Duration.ofSeconds(1);
        private Duration answerSlice = Duration.ofSeconds(2);
        private Duration programLookupWait = Duration.ofSeconds(60);
        private Duration lookupAnswerTimeout = Duration.ofMinutes(30);
        private Duration expiryWarning = Duration.ofDays(30);
        private Optional<InetSocketAddress> hkp = Optional.empty();

        private Builder(String account, Path stateFolder) {
            this.account = account;
            this.stateFolder = stateFolder;
        }

        public Builder ownKey(OwnKeySource source) {
            this.ownKey = Optional.of(source);
            return this;
        }

        public Builder contacts(Path file) {
            this.contacts = Optional.of(file);
            return this;
        }

        /** Also the recipients of the newest mails in the account's Sent folder, read again every refresh period. */
        public Builder contactsFromSent(boolean fromSent) {
            this.contactsFromSent = fromSent;
            return this;
        }

        public Builder refresh(Duration refresh) {
            this.refresh = refresh;
            return this;
        }

        public Builder maxPerHour(int maxPerHour) {
            this.maxPerHour = maxPerHour;
            return this;
        }

        public Builder importKeys(boolean importKeys) {
            this.importKeys = importKeys;
            return this;
        }

        public Builder acceptNewKeys(boolean acceptNewKeys) {
            this.acceptNewKeys = acceptNewKeys;
            return this;
        }

        public Builder onChange(String command) {
            this.onChange = Optional.ofNullable(command).filter(c -> !c.isBlank());
            return this;
        }

        public Builder renew(boolean renew) {
            this.renew = renew;
            return this;
        }

        /** How often the own key is read again to see whether it changed (default 30 s: republished within a minute). */
        public Builder keyCheckInterval(Duration interval) {
            this.keyCheckInterval = interval;
            return this;
        }

        public Builder expiryWarning(Duration ahead) {
            this.expiryWarning = ahead;
            return this;
        }

        public Builder programLookupWait(Duration wait) {
            this.programLookupWait = wait;
            return this;
        }

        public Builder lookupAnswerTimeout(Duration timeout) {
            this.lookupAnswerTimeout = timeout;
            return this;
        }

        public Builder hkp(InetSocketAddress address) {
            this.hkp = Optional.ofNullable(address);
            return this;
        }

        public AgentSettings build() {
            return new AgentSettings(this);
        }
    }
}
