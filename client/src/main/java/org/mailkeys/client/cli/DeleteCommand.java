package org.mailkeys.client.cli;

import java.util.List;

import org.mailkeys.client.MailKeysClient;
import org.mailkeys.client.MailKeysException;
import org.mailkeys.client.Outcome;

import picocli.CommandLine.Command;

@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Remove your published key from your provider and wait for the verified confirmation.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:deleted", "2:usage or configuration error", "4:no confirmation in time", "5:not supported",
                "6:rejected by the server", "7:tampered confirmation", "8:could not send or collect"})
final class DeleteCommand extends ClientCommand {
    @Override
    int run(MailKeysClient client, TerminalProgress progress, ResultPrinter printer) {
        progress.update("asking to delete the key of " + common.account);
        try {
            return print(printer, List.of(client.delete()));
        } catch (MailKeysException e) {
            return print(printer, List.of(new Outcome.Failed(common.account, e.getMessage())));
        }
    }
}
