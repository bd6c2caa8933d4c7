package org.mailkeys.client.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.mailkeys.client.MailKeysClient;
import org.mailkeys.client.Outcome;
import org.mailkeys.protocol.ErrorCode;
import org.mailkeys.protocol.ProtocolException;
import org.mailkeys.protocol.PublicKeyArmor;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Publish your public key at your provider (to keys@<your domain>, through your submission server) "
                + "and wait for the verified confirmation.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:published", "2:usage or configuration error", "4:no confirmation in time",
                "5:not supported", "6:rejected by the server", "7:tampered confirmation", "8:could not send or collect",
                "9:GnuPG failed"})
final class PublishCommand extends ClientCommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    KeySource source;

    static final class KeySource {
        @Option(names = "--key", paramLabel = "FILE", required = true,
                description = "The public key to publish (armored or binary OpenPGP).")
        Path keyFile;

        @Option(names = "--gpg", required = true,
                description = "Take your public key from your GnuPG keyring (gpg --export --armor <account>).")
        boolean fromGpg;
    }

    @Override
    int run(MailKeysClient client, TerminalProgress progress, ResultPrinter printer) {
        byte[] key = readKey(client);
        progress.update("publishing the key of " + common.account + " (" + key.length + " bytes)");
        try {
            return print(printer, List.of(client.publish(key)));
        } catch (org.mailkeys.client.MailKeysException e) {
            return print(printer, List.of(new Outcome.Failed(common.account, e.getMessage())));
        }
    }

    private byte[] readKey(MailKeysClient client) {
        byte[] content;
        if (source.fromGpg) {
            content = new GnuPg("gpg").exportPublicKey(common.account);
        } else {
            try {
                content = Files.readAllBytes(source.keyFile);
            } catch (IOException e) {
                throw new CliException(ExitCodes.USAGE, "cannot read " + source.keyFile + ": " + e.getMessage());
            }
        }
        byte[] key;
        try {
            key = PublicKeyArmor.keyBytesOfFile(content);
        } catch (ProtocolException e) {
            throw new CliException(ExitCodes.USAGE, e.code() == ErrorCode.SECRET_KEY
                    ? "this is a secret key: only public keys are ever published"
                    : "not one OpenPGP public key (" + e.getMessage() + ")");
        }
        int keys = PublicKeyArmor.primaryKeyCount(key);
        if (keys != 1) {
            throw new CliException(ExitCodes.USAGE, "the key data holds " + keys
                    + " keys; exactly one is published (export just yours to a file and use --key)");
        }
        return key;
    }
}
