package org.mailkeys.client.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Where the password comes from: an environment variable, a command's output, or a prompt on the terminal. */
final class PasswordSource {
    private final String passwordEnv;
    private final String passwordCommand;
    private final Map<String, String> environment;

    PasswordSource(String passwordEnv, String passwordCommand, Map<String, String> environment) {
        this.passwordEnv = passwordEnv;
        this.passwordCommand = passwordCommand;
        this.environment = environment;
    }

    char[] password(String user) {
        if (passwordEnv != null && !passwordEnv.isBlank()) {
            String value = environment.get(passwordEnv);
            if (value == null) {
                throw new CliException(ExitCodes.USAGE, "environment variable " + passwordEnv + " (--password-env) is not set");
            }
            return value.toCharArray();
        }
        if (passwordCommand != null && !passwordCommand.isBlank()) {
            return fromCommand();
        }
        Console console = System.console();
        if (console == null) {
            throw new CliException(ExitCodes.USAGE,
                    "a password is needed for " + user + " but there is no terminal to ask: use --password-env or --password-command");
        }
        char[] typed = console.readPassword("Password for %s: ", user);
        if (typed == null) {
            throw new CliException(ExitCodes.USAGE, "no password given");
        }
        return typed;
    }

    private char[] fromCommand() {
        try {
            Process process = new ProcessBuilder("sh", "-c", passwordCommand)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).redirectInput(ProcessBuilder.Redirect.INHERIT).start();
            String line;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                line = reader.readLine();
                while (reader.readLine() != null) {
                    // drain
                }
            }
            int status = process.waitFor();
            if (status != 0 || line == null) {
                throw new CliException(ExitCodes.USAGE, "--password-command failed (exit status " + status + ")");
            }
            return line.toCharArray();
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot run --password-command: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.USAGE, "interrupted while running --password-command");
        }
    }
}
