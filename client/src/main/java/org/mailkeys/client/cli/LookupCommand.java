package org.mailkeys.client.cli;

import java.nio.file.Path;
import java.util.List;

import org.mailkeys.client.MailKeysClient;
import org.mailkeys.client.Outcome;
import org.mailkeys.protocol.MailAddresses;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "lookup", mixinStandardHelpOptions = true,
        description = "Ask each address's provider for its key (to keys@<domain> at the domain's MX, anonymously over "
                + "STARTTLS), then wait for the answers in your INBOX and verify them.",
        exitCodeListHeading = "%nExit codes (with several addresses, the largest):%n",
        exitCodeList = {"0:key found (or request sent, with --no-wait)", "2:usage or configuration error",
                "3:not found (verified)", "4:no answer in time", "5:not supported", "6:rejected by the server",
                "7:tampered or unverifiable answer", "8:could not send or collect (see --relay)", "9:GnuPG import failed",
                "10:probably not supported (only an unauthenticated bounce came)"})
final class LookupCommand extends ClientCommand {
    @Parameters(paramLabel = "ADDRESS", arity = "1..*", description = "The mail addresses whose keys you want.")
    List<String> addresses;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the keys found, armored, to this file.")
    Path out;

    @Option(names = "--import", description = "Import the keys found into GnuPG (gpg --import; GNUPGHOME is respected).")
    boolean importKeys;

    @Option(names = "--no-wait", description = "Only send the requests; collect the answers later with `mailkeys answers`.")
    boolean noWait;

    @Override
    int run(MailKeysClient client, TerminalProgress progress, ResultPrinter printer) throws Exception {
        for (String address : addresses) {
            if (!MailAddresses.isPlausible(address)) {
                throw new CliException(ExitCodes.USAGE, "not a mail address: " + address);
            }
        }
        List<Outcome> sent = client.sendLookups(addresses);
        if (noWait) {
            return print(printer, sent);
        }
        List<Outcome> outcomes = client.collectFor(sent, java.time.Duration.ofSeconds(common.timeoutSeconds));
        return new FoundKeys(out, importKeys, new GnuPg("gpg")).handle(outcomes, printer);
    }
}
