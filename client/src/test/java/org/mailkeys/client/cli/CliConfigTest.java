package org.mailkeys.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** The config file supplies defaults; the command line wins over it. */
class CliConfigTest {
    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private CommonOptions parse(Map<String, String> environment, String... args) throws Exception {
        ConfigFile config = ConfigFile.forArguments(args, environment);
        CommandLine commandLine = MailKeysCli.commandLine(config, new PrintStream(out), new PrintStream(err), environment);
        CommandLine.ParseResult parsed = commandLine.parseArgs(args);
        return ((ClientCommand) parsed.subcommand().commandSpec().userObject()).common;
    }

    private Path config(String content) throws Exception {
        Path file = folder.resolve("config.properties");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void settingsFromTheConfigFileShouldApplyWhenTheCommandLineLacksThem() throws Exception {
        Path file = config("account=bob@acme.net\nmx-port=2525\ntimeout=7\njson=true\nrelay=true\nresolver=127.0.0.1:5353\n");

        CommonOptions options = parse(Map.of(), "lookup", "--config", file.toString(), "alice@example.net");

        assertThat(options.account).isEqualTo("bob@acme.net");
        assertThat(options.mxPort).isEqualTo(2525);
        assertThat(options.timeoutSeconds).isEqualTo(7);
        assertThat(options.json).isTrue();
        assertThat(options.relay).isTrue();
        assertThat(options.resolver).isEqualTo("127.0.0.1:5353");
    }

    @Test
    void theCommandLineShouldWinOverTheConfigFile() throws Exception {
        Path file = config("account=bob@acme.net\nmx-port=2525\ntimeout=7\n");

        CommonOptions options = parse(Map.of(), "lookup", "--account", "carol@acme.net", "--mx-port=25",
                "--config=" + file, "alice@example.net");

        assertThat(options.account).isEqualTo("carol@acme.net");
        assertThat(options.mxPort).isEqualTo(25);
        assertThat(options.timeoutSeconds).isEqualTo(7);
    }

    @Test
    void builtInDefaultsShouldApplyWithoutConfigFile() throws Exception {
        CommonOptions options = parse(Map.of("XDG_CONFIG_HOME", folder.resolve("none").toString()), "answers", "--account", "bob@acme.net");

        assertThat(options.mxPort).isEqualTo(25);
        assertThat(options.timeoutSeconds).isEqualTo(120);
        assertThat(options.insecureTls).isFalse();
    }

    @Test
    void theDefaultConfigFileShouldBeReadFromTheXdgConfigFolder() throws Exception {
        Path xdg = folder.resolve("xdg");
        Files.createDirectories(xdg.resolve("mailkeys"));
        Files.writeString(xdg.resolve("mailkeys").resolve("config.properties"), "account=dave@acme.net\n");

        CommonOptions options = parse(Map.of("XDG_CONFIG_HOME", xdg.toString()), "delete");

        assertThat(options.account).isEqualTo("dave@acme.net");
    }

    @Test
    void anUnknownSettingShouldBeAConfigurationError() throws Exception {
        Path file = config("acount=bob@acme.net\n");

        int status = MailKeysCli.run(new String[] {"delete", "--config", file.toString()}, new PrintStream(out),
                new PrintStream(err), Map.of());

        assertThat(status).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("acount");
    }

    @Test
    void aMissingExplicitConfigFileShouldBeAConfigurationError() {
        int status = MailKeysCli.run(new String[] {"delete", "--config", folder.resolve("absent").toString()},
                new PrintStream(out), new PrintStream(err), Map.of());

        assertThat(status).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void theConfigFileShouldKnowEverySharedOptionButItself() {
        assertThat(ConfigFile.knownKeys()).contains("account", "user", "password-env", "password-command", "submission",
                "imap", "resolver", "mx", "mx-port", "trust-store", "insecure-tls", "timeout", "relay", "state-dir", "json", "quiet",
                "trust-anchors", "resolver-validates", "require")
                .doesNotContain("config");
    }
}
