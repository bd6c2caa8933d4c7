package org.mailkeys.client.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.mailkeys.client.ClientSettings;
import org.mailkeys.client.HostAndPort;
import org.mailkeys.client.HttpsLogDirectory;
import org.mailkeys.client.LogDirectory;
import org.mailkeys.client.LogKeyPins;
import org.mailkeys.client.LogState;
import org.mailkeys.client.MailKeysClient;
import org.mailkeys.client.PendingRequestStore;
import org.mailkeys.client.WellKnownHttps;
import org.mailkeys.client.agent.AgentDurations;
import org.mailkeys.client.agent.AgentLog;
import org.mailkeys.client.agent.AgentSettings;
import org.mailkeys.client.agent.AlertCommand;
import org.mailkeys.client.agent.HkpServer;
import org.mailkeys.client.agent.Jitter;
import org.mailkeys.client.agent.KeyRing;
import org.mailkeys.client.agent.MailKeysAgent;
import org.mailkeys.client.agent.OwnKeySource;
import org.mailkeys.client.agent.OwnerLogWatch;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mailkeys agent}: the mail program's part as a service ({@link MailKeysAgent}), in the foreground until
 * SIGTERM or SIGINT, which stop it cleanly with exit code 0.
 */
@Command(name = "agent", mixinStandardHelpOptions = true, subcommands = AgentStatusCommand.class,
        description = {"Run in the foreground as a service: keep your key published (again whenever it changes in GnuPG), "
                + "look up and refresh your contacts' keys, and serve them to GnuPG, Thunderbird and Kleopatra over HKP "
                + "on loopback. SIGTERM stops it (exit 0). `mailkeys agent status` shows what it knows."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by SIGTERM or SIGINT", "1:internal error",
                "2:usage or configuration error (e.g. an HKP address not on loopback)", "8:could not start (state folder, HKP port)"})
final class AgentCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @ParentCommand
    MailKeysCli cli;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    KeySource source;

    static final class KeySource {
        @Option(names = "--key", paramLabel = "FILE", required = true,
                description = "Publish this public key file (read again when it changes).")
        Path keyFile;

        @Option(names = "--gpg", required = true,
                description = "Publish your key from GnuPG (as `publish --gpg`), again within a minute of any change.")
        boolean fromGpg;
    }

    @Option(names = "--contacts", paramLabel = "FILE",
            description = "Your contacts: a vCard file (EMAIL of every card, vCard 3 or 4) or one address per line; read "
                    + "again when it changes.")
    Path contacts;

    @Option(names = "--contacts-from-sent",
            description = "Also look up the recipients of your newest 2,000 sent mails (your Sent folder over IMAP), read "
                    + "again every refresh period.")
    boolean contactsFromSent;

    @Option(names = "--refresh", paramLabel = "DURATION", defaultValue = "1d",
            description = "Look each contact's key up again this often, spread ±25%% at random: 30s, 10m, 12h, 1d "
                    + "(default: ${DEFAULT-VALUE}).")
    String refresh;

    @Option(names = "--max-per-hour", paramLabel = "N", defaultValue = "8",
            description = "At most N lookups to one domain in any hour (default: ${DEFAULT-VALUE}; providers answer 10 "
                    + "per sender and hour by default).")
    int maxPerHour;

    @Option(names = "--import", description = "Import the keys found, and their updates, into GnuPG (as `lookup --import`).")
    boolean importKeys;

    @Option(names = "--accept-new-keys",
            description = "When a contact's key is replaced by another primary key, take the new one (default: report the "
                    + "change and keep the old key).")
    boolean acceptNewKeys;

    @Option(names = "--on-change", paramLabel = "CMD",
            description = "Run this shell command when a contact's primary key changes; it gets MAILKEYS_ADDRESS, "
                    + "MAILKEYS_OLD_FINGERPRINT, MAILKEYS_NEW_FINGERPRINT and MAILKEYS_ACCEPTED in its environment.")
    String onChange;

    @Option(names = "--on-alert", paramLabel = "CMD",
            description = "Run this shell command when your provider's key log shows an entry for your address that you "
                    + "did not make (a key you never published, a deletion you did not ask for) or contradicts itself; it "
                    + "gets MAILKEYS_ALERT in its environment.")
    String onAlert;

    @Option(names = "--log-watch-interval", paramLabel = "DURATION", defaultValue = "1h",
            description = "How often your provider's key log is read for entries under your address (default: ${DEFAULT-VALUE}).")
    String logWatchInterval;

    @Option(names = "--renew",
            description = "30 days before your key (or its last encryption subkey) expires, extend it by a year with "
                    + "gpg --quick-set-expire (GnuPG asks for the passphrase its own way) and publish it.")
    boolean renew;

    @Option(names = "--hkp", paramLabel = "ADDRESS:PORT", defaultValue = "127.0.0.1:11371",
            description = "Serve HKP here, for GnuPG, Thunderbird and Kleopatra; only a loopback address is accepted "
                    + "(default: ${DEFAULT-VALUE}).")
    String hkp;

    @Option(names = "--no-hkp", description = "Do not serve HKP.")
    boolean noHkp;

    @Option(names = "--key-check-interval", paramLabel = "DURATION", defaultValue = "30s",
            description = "How often your key is read again from GnuPG or its file (default: ${DEFAULT-VALUE}).")
    String keyCheckInterval;

    @Option(names = "--lookup-wait", paramLabel = "DURATION", defaultValue = "60s", hidden = true,
            description = "How long an HKP request for an unknown address waits for its lookup.")
    String lookupWait;

    @Override
    public Integer call() throws Exception {
        Optional<InetSocketAddress> hkpAddress = noHkp ? Optional.empty() : Optional.of(hkpAddress(hkp));
        AgentLog log = new StderrAgentLog(cli.err, common.quiet, Clock.systemUTC());
        if (common.insecureTls) {
            log.warn("WARNING: --insecure-tls: server certificates are NOT checked. Use only for testing.");
        }
        ClientSettings clientSettings;
        try (TerminalProgress silent = new TerminalProgress(cli.err, true)) {
            clientSettings = ClientCommand.settings(common, cli.environment, silent);
        }
        KeyRing keyRing = new GnuPgKeyRing(new GnuPg("gpg"));
        AgentSettings.Builder settings = AgentSettings.builder(clientSettings.account(),
                        common.stateDir != null ? common.stateDir : PendingRequestStore.defaultFolder())
                .refresh(duration("--refresh", refresh))
                .maxPerHour(maxPerHour)
                .contactsFromSent(contactsFromSent)
                .importKeys(importKeys)
                .acceptNewKeys(acceptNewKeys)
                .onChange(onChange)
                .renew(renew)
                .keyCheckInterval(duration("--key-check-interval", keyCheckInterval))
                .programLookupWait(duration("--lookup-wait", lookupWait));
        if (maxPerHour < 1) {
            throw new CliException(ExitCodes.USAGE, "--max-per-hour must be at least 1");
        }
        if (source != null && source.fromGpg) {
            settings.ownKey(OwnKeySource.fromKeyRing(keyRing, clientSettings.account()));
        } else if (source != null) {
            if (!Files.isReadable(source.keyFile)) {
                throw new CliException(ExitCodes.USAGE, "cannot read --key " + source.keyFile);
            }
            settings.ownKey(OwnKeySource.fromFile(source.keyFile));
        }
        if (contacts != null) {
            if (!Files.isReadable(contacts)) {
                throw new CliException(ExitCodes.USAGE, "cannot read --contacts " + contacts);
            }
            settings.contacts(contacts);
        }
        if (renew && (source == null || !source.fromGpg)) {
            throw new CliException(ExitCodes.USAGE, "--renew extends the key in GnuPG: it needs --gpg");
        }
        hkpAddress.ifPresent(settings::hkp);
        Duration watchEvery = duration("--log-watch-interval", logWatchInterval);
        try (AlertCommand alertCommand = new AlertCommand(Optional.ofNullable(onAlert).filter(cmd -> !cmd.isBlank()), log)) {
            return run(settings.build(), new MailKeysClient(clientSettings), keyRing, log,
                    ownerLogWatch(clientSettings, watchEvery, log, alertCommand));
        }
    }

    /** The owner's watch of her label in her provider's key log (issue 20). */
    private static OwnerLogWatch ownerLogWatch(ClientSettings client, Duration interval, AgentLog log, AlertCommand alerts) {
        LogState state = MailKeysClient.logState(client);
        LogDirectory directory = new HttpsLogDirectory(client.dns(),
                new WellKnownHttps(client.dns(), client.tls(), client.logPort(), client.networkTimeout()));
        return new OwnerLogWatch(client.account(), interval, state, new LogKeyPins(directory, state, client.logKeys()),
                directory, Optional::empty, log, alerts);
    }

    private int run(AgentSettings settings, MailKeysClient client, KeyRing keyRing, AgentLog log, OwnerLogWatch watch)
            throws IOException {
        CountDownLatch stop = new CountDownLatch(1);
        StopSignals.onTermination(stop::countDown);
        MailKeysAgent agent;
        try {
            agent = new MailKeysAgent(settings, client, Optional.of(keyRing), log, Clock.systemUTC(), Jitter.random());
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot open the agent's state folder: " + e.getMessage());
        }
        agent.addJob(watch);
        HkpServer hkpServer = null;
        if (settings.hkp().isPresent()) {
            try {
                hkpServer = HkpServer.start(settings.hkp().get(), agent, log);
            } catch (IOException e) {
                throw new CliException(ExitCodes.FAILED, "cannot listen for HKP on " + describe(settings.hkp().get()) + ": "
                        + e.getMessage() + " (another agent running? --hkp chooses another port, --no-hkp none)");
            }
            String listening = describe(hkpServer.address());
            agent.hkpListening(listening);
            log.info("HKP on hkp://" + listening + " (gpg --keyserver hkp://" + listening + ")");
        }
        agent.start();
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("stopping");
        if (hkpServer != null) {
            hkpServer.close();
        }
        agent.stop(Duration.ofSeconds(6));
        return ExitCodes.OK;
    }

    static InetSocketAddress hkpAddress(String text) {
        HostAndPort parsed;
        try {
            parsed = HostAndPort.parse(text, HkpServer.DEFAULT_PORT);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--hkp " + text + ": " + e.getMessage());
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(parsed.host());
        } catch (UnknownHostException e) {
            throw new CliException(ExitCodes.USAGE, "--hkp " + text + ": unknown host");
        }
        InetSocketAddress socket = new InetSocketAddress(address, parsed.port());
        try {
            HkpServer.requireLoopback(socket);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--hkp " + text + ": " + e.getMessage());
        }
        return socket;
    }

    private static String describe(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static Duration duration(String option, String text) {
        try {
            return AgentDurations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, option + ": " + e.getMessage());
        }
    }
}
