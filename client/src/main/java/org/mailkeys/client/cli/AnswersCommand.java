package org.mailkeys.client.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.mailkeys.client.MailKeysClient;
import org.mailkeys.client.Outcome;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "answers", mixinStandardHelpOptions = true,
        description = "Collect the answers to your pending requests (e.g. after `lookup --no-wait`) from your INBOX, "
                + "verify them, and report each; expired requests are dropped.",
        exitCodeListHeading = "%nExit codes (the largest over all pending requests):%n",
        exitCodeList = {"0:all answered successfully, or nothing pending", "2:usage or configuration error",
                "3:not found (verified)", "4:some requests still without answer", "5:not supported",
                "6:rejected by the server", "7:tampered or unverifiable answer", "8:could not collect",
                "9:GnuPG import failed", "10:probably not supported (only an unauthenticated bounce came)"})
final class AnswersCommand extends ClientCommand {
    @Option(names = "--wait", description = "Wait up to --timeout for answers still missing (default: look once).")
    boolean waitForAnswers;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the keys found, armored, to this file.")
    Path out;

    @Option(names = "--import", description = "Import the keys found into GnuPG (gpg --import; GNUPGHOME is respected).")
    boolean importKeys;

    @Override
    int run(MailKeysClient client, TerminalProgress progress, ResultPrinter printer) throws Exception {
        if (client.pendingOfAccount().isEmpty()) {
            progress.update("no pending requests for " + common.account);
            return ExitCodes.OK;
        }
        Duration timeout = waitForAnswers ? Duration.ofSeconds(common.timeoutSeconds) : Duration.ZERO;
        List<Outcome> outcomes = client.collectPending(timeout);
        return new FoundKeys(out, importKeys, new GnuPg("gpg")).handle(outcomes, printer);
    }
}
