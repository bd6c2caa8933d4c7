package org.mailkeys.client.cli;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.mailkeys.client.DnsLookup;
import org.mailkeys.client.HttpsLogDirectory;
import org.mailkeys.client.LogAudit;
import org.mailkeys.client.LogKeyPins;
import org.mailkeys.client.LogState;
import org.mailkeys.client.PendingRequestStore;
import org.mailkeys.client.TlsSettings;
import org.mailkeys.client.Transparency;
import org.mailkeys.client.WellKnownHttps;
import org.mailkeys.protocol.MailAddresses;
import org.mailkeys.transparency.LogEntry;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mailkeys log verify|search}: audit a provider's key log from its tiles (docs/USER.md). */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = "Audit a provider's key log: `log verify` checks it whole, `log search` lists an address's entries.",
        subcommands = {LogCommand.Verify.class, LogCommand.Search.class})
final class LogCommand implements Runnable {
    @ParentCommand
    MailKeysCli cli;

    @Override
    public void run() {
        throw new CliException(ExitCodes.USAGE, "log needs a command: verify or search");
    }

    /** What both subcommands share: the domain, the client's DNS, TLS and state folder. */
    abstract static class LogTask implements Callable<Integer> {
        @ParentCommand
        LogCommand parent;

        @Mixin
        CommonOptions common;

        @Option(names = "--domain", paramLabel = "DOMAIN", required = true, description = "The provider's mail domain.")
        String domain;

        abstract LogAudit.Report audit(LogAudit audit);

        abstract void printEntries(LogAudit.Report report);

        @Override
        public Integer call() {
            String name = domain.trim().toLowerCase(Locale.ROOT);
            if (!name.matches("[a-z0-9][a-z0-9.-]{0,252}")) {
                throw new CliException(ExitCodes.USAGE, "not a domain: " + domain);
            }
            if (common.trustStore != null && !Files.isReadable(common.trustStore)) {
                throw new CliException(ExitCodes.USAGE, "cannot read --trust-store " + common.trustStore);
            }
            DnsLookup dns = ClientCommand.dns(common);
            TlsSettings tls = new TlsSettings(Optional.ofNullable(common.trustStore), common.insecureTls);
            HttpsLogDirectory directory = new HttpsLogDirectory(dns, new WellKnownHttps(dns, tls, common.logPort, Duration.ofSeconds(30)));
            LogState state = new LogState(Optional.ofNullable(common.stateDir).orElse(PendingRequestStore.defaultFolder())
                    .resolve("log"), java.time.Clock.systemUTC());
            LogKeyPins pins = new LogKeyPins(directory, state,
                    Optional.ofNullable(common.logKeys).map(ClientCommand::logKeys));
            LogAudit.Report report = audit(new LogAudit(pins, state, directory));
            printEntries(report);
            Transparency status = report.verdict().status();
            parent.cli.out.println("transparency: " + status.wireName() + " (" + report.verdict().reason() + ")");
            parent.cli.out.flush();
            return status == Transparency.VERIFIED ? ExitCodes.OK
                    : report.verdict().tampered() ? ExitCodes.TAMPERED : ExitCodes.FAILED;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check a domain's key log: its signed checkpoint, every entry and tile, and that it extends the "
                    + "newest checkpoint seen before (kept in the state folder).",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:verified", "2:usage error", "7:tampered: a fork, a shrink, a tile or entry that does not "
                    + "match (both checkpoints kept in the state folder)", "8:could not be checked (network, keys)"})
    static final class Verify extends LogTask {
        @Option(names = "--since-last", description = "Only prove that the log extends the newest checkpoint seen (a few "
                + "tiles), instead of reading it whole.")
        boolean sinceLast;

        @Override
        LogAudit.Report audit(LogAudit audit) {
            return audit.verify(domain.trim().toLowerCase(Locale.ROOT), sinceLast);
        }

        @Override
        void printEntries(LogAudit.Report report) {
            // a verification lists nothing: its result line says it all
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true,
            description = "List the entries of an address in a domain's key log, found by its label, which the VRF proof "
                    + "of an earlier lookup's answer gives (look the address up once first).",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:searched (the entries are listed)", "2:usage error", "7:the log does not verify",
                    "8:could not be checked (network, keys, no label known yet)"})
    static final class Search extends LogTask {
        @Parameters(paramLabel = "ADDRESS", description = "The address whose entries are wanted.")
        String address;

        @Override
        LogAudit.Report audit(LogAudit audit) {
            if (!MailAddresses.isPlausible(address)) {
                throw new CliException(ExitCodes.USAGE, "not a mail address: " + address);
            }
            return audit.search(domain.trim().toLowerCase(Locale.ROOT), address);
        }

        @Override
        void printEntries(LogAudit.Report report) {
            for (LogEntry entry : report.entries()) {
                parent.cli.out.println("version " + entry.version() + " " + entry.change().name().toLowerCase(Locale.ROOT)
                        + " " + entry.time() + " key-sha256 "
                        + entry.keyDigest().map(digest -> Base64.getEncoder().encodeToString(digest)).orElse("-"));
            }
        }
    }
}
