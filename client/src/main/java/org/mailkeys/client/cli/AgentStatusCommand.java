package org.mailkeys.client.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mailkeys.client.PendingRequestStore;
import org.mailkeys.client.agent.AgentState;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code mailkeys agent status}: what the agent of the account last wrote about itself, and whether it still runs. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the agent's own key (fingerprint, last confirmation, expiry) and every contact (key, "
                + "protection of the last lookup, last and next refresh, changes seen). --json for a program.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:shown", "2:usage error, or no agent ever ran for the account with this state folder"})
final class AgentStatusCommand implements Callable<Integer> {
    private static final Pattern RUNNING_PID = Pattern.compile("\"running\":true,\"pid\":([0-9]+)");

    @Mixin
    CommonOptions common;

    @ParentCommand
    AgentCommand agent;

    @Override
    public Integer call() throws IOException {
        String account = common.account().orElseThrow(() -> new CliException(ExitCodes.USAGE,
                "no account: give --account ADDRESS or set account= in the config file"));
        Path folder = AgentState.folderOf(common.stateDir != null ? common.stateDir : PendingRequestStore.defaultFolder(), account);
        Path json = folder.resolve("status.json");
        if (!Files.isRegularFile(json)) {
            throw new CliException(ExitCodes.USAGE, "no agent has run for " + account + " with the state folder "
                    + folder.getParent() + " (start it with `mailkeys agent`)");
        }
        String status = Files.readString(json, StandardCharsets.UTF_8);
        boolean gone = false;
        Matcher running = RUNNING_PID.matcher(status);
        if (running.find()) {
            gone = ProcessHandle.of(Long.parseLong(running.group(1))).map(process -> !process.isAlive()).orElse(true);
        }
        if (common.json) {
            agent.cli.out.print(gone ? status.replace("\"running\":true", "\"running\":false") : status);
        } else {
            String text = Files.readString(folder.resolve("status.txt"), StandardCharsets.UTF_8);
            agent.cli.out.print(gone ? text.replaceFirst(": running \\(pid ([0-9]+)\\)", ": NOT running (pid $1 is gone)") : text);
            java.util.List<String> alerts = new org.mailkeys.client.LogState((common.stateDir != null ? common.stateDir
                    : PendingRequestStore.defaultFolder()).resolve("log"), java.time.Clock.systemUTC()).alerts();
            if (!alerts.isEmpty()) {
                agent.cli.out.println("key log alerts (" + alerts.size() + "):");
                alerts.forEach(alert -> agent.cli.out.println("  " + alert));
            }
        }
        agent.cli.out.flush();
        return ExitCodes.OK;
    }
}
