package org.mailkeys.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.client.Outcome;
import org.mailkeys.client.Transparency;
import org.mailkeys.testing.KeyFixtures;

class CliExitCodesTest {
    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return MailKeysCli.run(args, new PrintStream(out), new PrintStream(err),
                Map.of("XDG_CONFIG_HOME", folder.resolve("no-config").toString()));
    }

    @Test
    void eachOutcomeShouldHaveItsOwnExitCode() {
        assertThat(ExitCodes.of(new Outcome.Published("a@b.c"))).isEqualTo(0);
        assertThat(ExitCodes.of(new Outcome.Deleted("a@b.c"))).isEqualTo(0);
        assertThat(ExitCodes.of(new Outcome.KeyFound("a@b.c", new byte[] {1}, "ABCD", false))).isEqualTo(0);
        assertThat(ExitCodes.of(new Outcome.Pending("a@b.c", "<i@d>", false))).isEqualTo(0);
        assertThat(ExitCodes.of(new Outcome.NotFound("a@b.c", false))).isEqualTo(3);
        assertThat(ExitCodes.of(new Outcome.NoAnswer("a@b.c", "<i@d>", false))).isEqualTo(4);
        assertThat(ExitCodes.of(new Outcome.NotSupported("a@b.c", "bounce", false))).isEqualTo(5);
        assertThat(ExitCodes.of(new Outcome.ServerError("a@b.c", "bad-key", "", true, false))).isEqualTo(6);
        assertThat(ExitCodes.of(new Outcome.Tampered("a@b.c", "mac", false))).isEqualTo(7);
        assertThat(ExitCodes.of(new Outcome.Failed("a@b.c", "refused"))).isEqualTo(8);
        assertThat(ExitCodes.of(new Outcome.ProbablyNotSupported("a@b.c", "<i@d>", "bounce", false))).isEqualTo(10);
    }

    @Test
    void withSeveralAddressesTheMostWorryingCodeShouldWin() {
        assertThat(ExitCodes.of(List.of(new Outcome.KeyFound("a@b.c", new byte[] {1}, "ABCD", false),
                new Outcome.Tampered("d@b.c", "mac", false), new Outcome.NotFound("e@b.c", false)))).isEqualTo(ExitCodes.TAMPERED);
    }

    @Test
    void noCommandShouldBeAUsageError() {
        assertThat(run()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void anUnknownOptionShouldBeAUsageError() {
        assertThat(run("lookup", "--frobnicate", "alice@example.net")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aCommandWithoutAccountShouldBeAConfigurationError() {
        assertThat(run("lookup", "--state-dir", folder.toString(), "alice@example.net")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--account");
    }

    @Test
    void lookingUpSomethingThatIsNoAddressShouldBeAUsageError() {
        assertThat(run("lookup", "--account", "bob@acme.net", "--state-dir", folder.toString(), "alice")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void publishShouldNeedAKeySource() {
        assertThat(run("publish", "--account", "alice@example.net")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void publishShouldRefuseSecretKeysBeforeSendingAnything() throws Exception {
        Path secret = folder.resolve("secret.asc");
        Files.write(secret, KeyFixtures.bytes(KeyFixtures.ALICE_SECRET));

        int status = run("publish", "--account", "alice@example.net", "--key", secret.toString(), "--state-dir", folder.toString());

        assertThat(status).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("secret key");
        assertThat(folder.resolve("mailkeys")).doesNotExist();
    }

    @Test
    void publishShouldRefuseAKeyWithoutTheAccountsAddressBeforeSendingAnything() throws Exception {
        Path key = folder.resolve("alice.asc");
        Files.write(key, KeyFixtures.bytes(KeyFixtures.ALICE));

        int status = run("publish", "--account", "bob@acme.net", "--key", key.toString(), "--state-dir", folder.resolve("s").toString());

        assertThat(status).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("address-mismatch");
        assertThat(folder.resolve("s")).doesNotExist();
    }

    @Test
    void aPasswordEnvironmentVariableThatIsNotSetShouldBeAConfigurationError() {
        PasswordSource source = new PasswordSource("MAILKEYS_TEST_UNSET", null, Map.of());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> source.password("bob@acme.net"))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE));
    }

    @Test
    void thePasswordShouldComeFromTheEnvironmentOrACommand() {
        assertThat(new PasswordSource("PW", null, Map.of("PW", "s3cret")).password("bob")).containsExactly("s3cret".toCharArray());
        assertThat(new PasswordSource(null, "printf 'from-command\\nignored'", Map.of()).password("bob"))
                .containsExactly("from-command".toCharArray());
    }

    @Test
    void everyCommandShouldHaveHelpWithItsExitCodes() {
        for (String command : new String[] {"publish", "delete", "lookup", "answers"}) {
            out.reset();
            assertThat(run(command, "--help")).isEqualTo(0);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: mailkeys " + command).contains("Exit codes");
        }
    }

    @Test
    void answersWithNothingPendingShouldSucceed() {
        assertThat(run("answers", "--account", "bob@acme.net", "--state-dir", folder.resolve("empty").toString())).isEqualTo(0);
    }

    @Test
    void jsonResultsShouldBeOneObjectPerAddressAndSayWhetherTheyVerified() {
        String json = ResultPrinter.toJson(new Outcome.ServerError("a@b.c", "not-local", "say \"no\"", false, true), Map.of(), false);

        assertThat(json).startsWith("{").endsWith("}").doesNotContain("\n")
                .contains("\"result\":\"error\"", "\"code\":\"not-local\"", "\"verified\":false", "\"relayed\":true",
                        "\"exitCode\":6", "say \\\"no\\\"");
    }

    @Test
    void jsonResultsShouldNameTheReasonOrTheMessageIdAndNeverCallAFailureVerified() {
        assertThat(ResultPrinter.toJson(new Outcome.Failed("a@b.c", "no route"), Optional.of("try --relay"), Map.of(), false))
                .contains("\"reason\":\"no route\"", "\"hint\":\"try --relay\"").doesNotContain("verified");
        assertThat(ResultPrinter.toJson(new Outcome.Tampered("a@b.c", "mac", false), Map.of(), false))
                .contains("\"verified\":false", "\"reason\":\"mac\"");
        assertThat(ResultPrinter.toJson(new Outcome.NoAnswer("a@b.c", "<id@b.c>", false), Map.of(), false))
                .contains("\"messageId\":\"<id@b.c>\"").doesNotContain("verified");
        assertThat(ResultPrinter.toJson(new Outcome.Published("a@b.c"), Map.of(), false)).contains("\"verified\":true");
    }

    @Test
    void insecureTlsShouldBeSaidInEveryResult() {
        ResultPrinter printer = new ResultPrinter(new PrintStream(out), false, true);

        printer.print(new Outcome.NotFound("a@b.c", false), Map.of());

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("INSECURE TLS");
    }

    @Test
    void everyLookupResultShouldSayHowItWasCheckedAgainstTheKeyLog() {
        Outcome found = new Outcome.KeyFound("a@b.c", new byte[] {1}, "ABCD", false)
                .checkedAgainstLog(Transparency.VERIFIED, "entry 3 of b.c/mailkeys-log at size 9");
        Outcome refused = new Outcome.Unverified("a@b.c", "--require transparency", false)
                .checkedAgainstLog(Transparency.NOT_OFFERED, "no log proof in the answer");

        assertThat(ResultPrinter.toJson(found, Map.of(), false)).contains("\"transparency\":\"verified\"");
        assertThat(ResultPrinter.toJson(refused, Map.of(), false)).contains("\"transparency\":\"not-offered\"")
                .contains("\"result\":\"unverified\"").contains("\"exitCode\":7").contains("\"verified\":false");
        new ResultPrinter(new PrintStream(out), false, false).print(found, Map.of());
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("; transparency: verified (entry 3");
        assertThat(ExitCodes.of(refused)).isEqualTo(ExitCodes.TAMPERED);
    }

    @Test
    void requireTakesTransparencyBesideOneRouteRequirementAndLogKeysMustBeTheTwoLines() throws Exception {
        org.mailkeys.client.ClientSettings.Builder builder = org.mailkeys.client.ClientSettings.builder("bob@acme.net");
        ClientCommand.requirements("dane,transparency", builder);
        org.mailkeys.client.ClientSettings settings = builder.build();
        assertThat(settings.requireTransparency()).isTrue();
        assertThat(settings.requirement()).contains(org.mailkeys.client.Protection.Requirement.DANE);
        Path bad = Files.writeString(folder.resolve("keys"), "vkey nothing\n");

        assertThat(run("lookup", "--account", "bob@acme.net", "--log-keys", bad.toString(), "alice@example.net"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("two lines vkey and vrf");
    }

    @Test
    void anUnknownRequirementShouldBeAUsageError() {
        assertThat(run("lookup", "--account", "bob@acme.net", "--require", "tls", "alice@example.net")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("dane, mta-sts, dnssec or transparency");
    }

    @Test
    void trustingTheResolversAdBitShouldExcludeTrustAnchorsAndAnUnreadableAnchorFileShouldBeAUsageError() throws Exception {
        Path anchors = Files.writeString(folder.resolve("anchors.ds"), "");

        assertThat(run("lookup", "--account", "bob@acme.net", "--resolver", "127.0.0.1", "--resolver-validates",
                "--trust-anchors", anchors.toString(), "alice@example.net")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("lookup", "--account", "bob@acme.net", "--trust-anchors", folder.resolve("absent.ds").toString(),
                "alice@example.net")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void trustingTheAdBitOfAResolverOffLoopbackShouldBeAUsageErrorBeforeAnythingIsSent() {
        // issue 18 item 9: an on-path attacker forges AD and TLSA records from a remote resolver and receives K_auth
        assertThat(run("lookup", "--account", "bob@acme.net", "--state-dir", folder.toString(), "--resolver", "192.0.2.53",
                "--resolver-validates", "alice@example.net")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--resolver-validates", "loopback");
        assertThat(run("lookup", "--account", "bob@acme.net", "--state-dir", folder.toString(), "--resolver", "[2001:db8::53]:53",
                "--resolver-validates", "alice@example.net")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void jsonResultsShouldSayHowTheRequestTravelledAndWhatABounceMeans() {
        assertThat(ResultPrinter.toJson(new Outcome.NoAnswer("a@b.c", "<id@b.c>", true), Map.of(), false))
                .contains("\"protection\":\"relayed\"");
        assertThat(ResultPrinter.toJson(new Outcome.ProbablyNotSupported("a@b.c", "<id@b.c>", "bounced", false), Map.of(), false))
                .contains("\"result\":\"probably-not-supported\"", "\"verified\":false", "\"exitCode\":10",
                        "\"messageId\":\"<id@b.c>\"", "\"reason\":\"bounced\"");
        assertThat(ResultPrinter.toJson(new Outcome.Failed("a@b.c", "no route"), Map.of(), false))
                .doesNotContain("protection");
    }

    @Test
    void jsonShouldNameEveryExtraFactWithoutSpaces() {
        Map<String, String> extra = new java.util.LinkedHashMap<>();
        extra.put("written to", "keys.asc");
        extra.put("import failed", "gpg said no");
        String json = ResultPrinter.toJson(new Outcome.Published("a@b.c"), extra, false);
        assertThat(json).contains("\"writtenTo\":\"keys.asc\"").contains("\"importFailed\":\"gpg said no\"")
            .doesNotContain("\"written to\"");
    }
}
