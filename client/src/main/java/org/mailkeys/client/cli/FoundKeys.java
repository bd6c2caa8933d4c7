package org.mailkeys.client.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mailkeys.client.Outcome;
import org.mailkeys.protocol.PublicKeyArmor;

/**
 * What happens to verified keys: written (armored) to --out, imported with gpg for --import, then printed.
 * Only {@link Outcome.KeyFound} carries a key, and only verified answers become one: nothing else is ever imported.
 */
final class FoundKeys {
    private final Path outFile;
    private final boolean importKeys;
    private final GnuPg gpg;

    FoundKeys(Path outFile, boolean importKeys, GnuPg gpg) {
        this.outFile = outFile;
        this.importKeys = importKeys;
        this.gpg = gpg;
    }

    int handle(List<Outcome> outcomes, ResultPrinter printer) {
        int exitCode = ExitCodes.of(outcomes);
        boolean firstWrite = true;
        for (Outcome outcome : outcomes) {
            Map<String, String> extra = new LinkedHashMap<>();
            if (outcome instanceof Outcome.KeyFound) {
                String armored = PublicKeyArmor.armor(((Outcome.KeyFound) outcome).keyBytes()).replace("\r\n", "\n");
                if (outFile != null) {
                    write(armored, firstWrite);
                    firstWrite = false;
                    extra.put("written to", outFile.toString());
                }
                if (importKeys) {
                    try {
                        String said = gpg.importKey(armored, outcome.address());
                        extra.put("imported", summary(said));
                    } catch (CliException e) {
                        extra.put("import failed", e.getMessage());
                        exitCode = Math.max(exitCode, ExitCodes.GPG_FAILED);
                    }
                }
                if (outFile == null && !importKeys) {
                    extra.put("key", "(use --out FILE or --import to keep it)");
                }
            }
            printer.print(outcome, extra);
        }
        return exitCode;
    }

    private void write(String armored, boolean truncate) {
        try {
            if (truncate) {
                Files.writeString(outFile, armored, StandardCharsets.US_ASCII);
            } else {
                Files.writeString(outFile, armored, StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot write " + outFile + ": " + e.getMessage());
        }
    }

    private static String summary(String gpgOutput) {
        String oneLine = gpgOutput.strip().replaceAll("\\s*\\n\\s*", " | ");
        return oneLine.isEmpty() ? "yes" : oneLine;
    }
}
