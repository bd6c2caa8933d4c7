package org.mailkeys.client.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.mailkeys.client.MailKeysException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mailkeys} command line: publish, delete and look up OpenPGP keys over mail (docs/PROTOCOL.md). */
@Command(name = "mailkeys", mixinStandardHelpOptions = true, version = "mailkeys 0.1.0",
        description = "Publish your OpenPGP key at your mail provider and look up other people's keys at theirs, over mail.",
        subcommands = {PublishCommand.class, DeleteCommand.class, LookupCommand.class, AnswersCommand.class, AgentCommand.class, LogCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success (published, deleted, key found, or request sent with --no-wait)",
                "1:internal error",
                "2:usage or configuration error",
                "3:not found (verified answer: no key for the address)",
                "4:no answer in time (the request stays pending: see `mailkeys answers`)",
                "5:not supported (the domain does not offer MailKeys)",
                "6:rejected by the server (ERROR answer)",
                "7:tampered or unverifiable answer (nothing of it was used)",
                "8:could not send or collect (DNS, connection, TLS, login; see --relay)",
                "9:GnuPG failed",
                "10:probably not supported (only an unauthenticated bounce came; the request stays pending)"})
public final class MailKeysCli implements Runnable {
    final PrintStream out;
    final PrintStream err;
    final Map<String, String> environment;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    MailKeysCli(PrintStream out, PrintStream err, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: publish, delete, lookup, answers or agent");
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /** Runs the command line and returns its exit code (see {@link ExitCodes}). */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> environment) {
        ConfigFile config;
        try {
            config = ConfigFile.forArguments(args, environment);
        } catch (ConfigFile.ConfigException e) {
            err.println("mailkeys: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        CommandLine commandLine = commandLine(config, out, err, environment);
        commandLine.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        commandLine.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        commandLine.setExecutionExceptionHandler((exception, command, parsed) -> {
            if (exception instanceof CliException) {
                err.println("mailkeys: " + exception.getMessage());
                return ((CliException) exception).exitCode();
            }
            if (exception instanceof MailKeysException) {
                err.println("mailkeys: " + exception.getMessage());
                return ExitCodes.FAILED;
            }
            if (exception instanceof IllegalArgumentException) {
                err.println("mailkeys: " + exception.getMessage());
                return ExitCodes.USAGE;
            }
            err.println("mailkeys: internal error: " + exception);
            exception.printStackTrace(err);
            return ExitCodes.INTERNAL;
        });
        return commandLine.execute(args);
    }

    /** The command tree with the config file as the source of defaults. */
    static CommandLine commandLine(ConfigFile config, PrintStream out, PrintStream err, Map<String, String> environment) {
        CommandLine commandLine = new CommandLine(new MailKeysCli(out, err, environment));
        commandLine.setDefaultValueProvider(config);
        return commandLine;
    }
}
