package org.mailkeys.client.cli;

/** Ends a command with a message and an exit code of {@link ExitCodes}. */
final class CliException extends RuntimeException {
    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
