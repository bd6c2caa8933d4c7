package org.mailkeys.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.mailkeys.transparency.LogPublicKeys;

/** Everything a {@link MailKeysClient} needs to know; build with {@link #builder(String)}. */
public final class ClientSettings {
    private final String account;
    private final Supplier<Credentials> credentials;
    private final Optional<MailServer> submission;
    private final Optional<MailServer> imap;
    private final DnsLookup dns;
    private final int mxPort;
    private final int mtaStsPort;
    private final Optional<Protection.Requirement> requirement;
    private final Optional<String> mxOverride;
    private final TlsSettings tls;
    private final Duration answerTimeout;
    private final Duration networkTimeout;
    private final boolean relay;
    private final Path stateFolder;
    private final Progress progress;
    private final int logPort;
    private final Optional<LogPublicKeys> logKeys;
    private final boolean requireTransparency;

    private ClientSettings(Builder builder) {
        this.account = builder.account;
        this.credentials = builder.credentials;
        this.submission = builder.submission;
        this.imap = builder.imap;
        this.dns = builder.dns;
        this.mxPort = builder.mxPort;
        this.mtaStsPort = builder.mtaStsPort;
        this.requirement = builder.requirement;
        this.mxOverride = builder.mxOverride;
        this.tls = builder.tls;
        this.answerTimeout = builder.answerTimeout;
        this.networkTimeout = builder.networkTimeout;
        this.relay = builder.relay;
        this.stateFolder = builder.stateFolder;
        this.progress = builder.progress;
        this.logPort = builder.logPort;
        this.logKeys = builder.logKeys;
        this.requireTransparency = builder.requireTransparency;
    }

    /** Where domains serve their key logs over HTTPS; 443 but in tests. */
    public int logPort() {
        return logPort;
    }

    /** The log keys given by hand ({@code --log-keys}) for the domains of this run; empty to find them. */
    public Optional<LogPublicKeys> logKeys() {
        return logKeys;
    }

    /** Use only answers whose log proof verified ({@code --require transparency}). */
    public boolean requireTransparency() {
        return requireTransparency;
    }

    /** @param account the user's mail address: From of every request, owner of published keys */
    public static Builder builder(String account) {
        return new Builder(account);
    }

    public String account() {
        return account;
    }

    /** Asked only when a server needs a login (submission, relayed lookups, IMAP). */
    public Supplier<Credentials> credentials() {
        return credentials;
    }

    public Optional<MailServer> submission() {
        return submission;
    }

    public Optional<MailServer> imap() {
        return imap;
    }

    public DnsLookup dns() {
        return dns;
    }

    public int mxPort() {
        return mxPort;
    }

    /** The HTTPS port of {@code mta-sts.<domain>} (RFC 8461 section 3.3): 443, another only in tests. */
    public int mtaStsPort() {
        return mtaStsPort;
    }

    /** The weakest protection a lookup may be sent with ({@code --require}); empty: whatever the domain offers. */
    public Optional<Protection.Requirement> requirement() {
        return requirement;
    }

    /** A host used as the only MX of every queried domain instead of DNS; empty normally. */
    public Optional<String> mxOverride() {
        return mxOverride;
    }

    public TlsSettings tls() {
        return tls;
    }

    public Duration answerTimeout() {
        return answerTimeout;
    }

    public Duration networkTimeout() {
        return networkTimeout;
    }

    public boolean relay() {
        return relay;
    }

    public Path stateFolder() {
        return stateFolder;
    }

    public Progress progress() {
        return progress;
    }

    public static final class Builder {
        private final String account;
        private Supplier<Credentials> credentials;
        private Optional<MailServer> submission = Optional.empty();
        private Optional<MailServer> imap = Optional.empty();
        private DnsLookup dns = DnsLookup.system();
        private int mxPort = 25;
        private int mtaStsPort = 443;
        private Optional<Protection.Requirement> requirement = Optional.empty();
        private Optional<String> mxOverride = Optional.empty();
        private TlsSettings tls = TlsSettings.systemDefaults();
        private Duration answerTimeout = Duration.ofMinutes(2);
        private Duration networkTimeout = Duration.ofSeconds(30);
        private boolean relay;
        private Path stateFolder = PendingRequestStore.defaultFolder();
        private Progress progress = Progress.SILENT;
        private int logPort = 443;
        private Optional<LogPublicKeys> logKeys = Optional.empty();
        private boolean requireTransparency;

        private Builder(String account) {
            this.account = Objects.requireNonNull(account, "account");
            RequestMessages.domainOf(account);
            this.credentials = () -> {
                throw new IllegalStateException("no credentials given for " + account);
            };
        }

        public Builder credentials(Supplier<Credentials> credentials) {
            this.credentials = credentials;
            return this;
        }

        /** Port 465 means implicit TLS, any other STARTTLS; see {@link #submission(MailServer)} to say it. */
        public Builder submission(HostAndPort server) {
            return submission(MailServer.byPort(server));
        }

        public Builder submission(MailServer server) {
            this.submission = Optional.of(server);
            return this;
        }

        /** Port 993 means implicit TLS, any other STARTTLS; see {@link #imap(MailServer)} to say it. */
        public Builder imap(HostAndPort server) {
            return imap(MailServer.byPort(server));
        }

        public Builder imap(MailServer server) {
            this.imap = Optional.of(server);
            return this;
        }

        public Builder dns(DnsLookup dns) {
            this.dns = dns;
            return this;
        }

        public Builder mxPort(int port) {
            this.mxPort = port;
            return this;
        }

        /** Where {@code mta-sts.<domain>} serves policies; only tests need another port than 443. */
        public Builder mtaStsPort(int port) {
            this.mtaStsPort = port;
            return this;
        }

        /** Refuse to send a lookup over anything weaker ({@code dane}, {@code mta-sts}, {@code dnssec}). */
        public Builder require(Protection.Requirement requirement) {
            this.requirement = Optional.of(requirement);
            return this;
        }

        /** Sends every lookup to this host instead of the queried domain's MX hosts (tests and local setups). */
        public Builder mxOverride(String host) {
            this.mxOverride = Optional.of(host);
            return this;
        }

        public Builder tls(TlsSettings tls) {
            this.tls = tls;
            return this;
        }

        public Builder answerTimeout(Duration timeout) {
            this.answerTimeout = timeout;
            return this;
        }

        public Builder networkTimeout(Duration timeout) {
            this.networkTimeout = timeout;
            return this;
        }

        /** Send lookups through the user's submission server when no MX of the queried domain is reachable. */
        public Builder relay(boolean relay) {
            this.relay = relay;
            return this;
        }

        public Builder stateFolder(Path folder) {
            this.stateFolder = folder;
            return this;
        }

        public Builder progress(Progress progress) {
            this.progress = progress;
            return this;
        }

        /** Where domains serve their key logs; only tests need another port than 443. */
        public Builder logPort(int port) {
            this.logPort = port;
            return this;
        }

        /** Check every log with these keys, and pin them for each domain looked up ({@code --log-keys}). */
        public Builder logKeys(LogPublicKeys keys) {
            this.logKeys = Optional.of(keys);
            return this;
        }

        /** Use only answers whose log proof verified; a version-1 answer becomes {@link Outcome.Unverified}. */
        public Builder requireTransparency(boolean required) {
            this.requireTransparency = required;
            return this;
        }

        public ClientSettings build() {
            return new ClientSettings(this);
        }
    }
}
