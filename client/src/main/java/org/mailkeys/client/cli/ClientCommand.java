package org.mailkeys.client.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.mailkeys.client.ClientSettings;
import org.mailkeys.client.Credentials;
import org.mailkeys.client.DnsLookup;
import org.mailkeys.client.DnssecValidation;
import org.mailkeys.client.HostAndPort;
import org.mailkeys.client.MailKeysClient;
import org.mailkeys.client.MailServer;
import org.mailkeys.client.Outcome;
import org.mailkeys.client.Protection;
import org.mailkeys.client.TlsSettings;
import org.mailkeys.protocol.MailAddresses;
import org.mailkeys.transparency.LogPublicKeys;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** What every command shares: the common options, turning them into {@link ClientSettings}, and printing results. */
abstract class ClientCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @ParentCommand
    MailKeysCli cli;

    /** The command's work, with a client and the progress display. */
    abstract int run(MailKeysClient client, TerminalProgress progress, ResultPrinter printer) throws Exception;

    @Override
    public Integer call() throws Exception {
        try (TerminalProgress progress = new TerminalProgress(cli.err, common.quiet)) {
            if (common.insecureTls) {
                progress.warn("WARNING: --insecure-tls: server certificates are NOT checked. Anyone on the network path "
                        + "can read and change requests and answers. Use only for testing.");
            }
            ClientSettings settings = settings(common, cli.environment, progress);
            return run(new MailKeysClient(settings), progress, new ResultPrinter(cli.out, common.json, common.insecureTls,
                    new FailureHints(settings)::of));
        }
    }

    static ClientSettings settings(CommonOptions common, Map<String, String> environment, TerminalProgress progress) {
        String account = common.account().orElseThrow(() -> new CliException(ExitCodes.USAGE,
                "no account: give --account ADDRESS or set account= in the config file"));
        if (!MailAddresses.isPlausible(account)) {
            throw new CliException(ExitCodes.USAGE, "not a mail address: " + account);
        }
        String user = Optional.ofNullable(common.user).filter(value -> !value.isBlank()).orElse(account);
        PasswordSource passwords = new PasswordSource(common.passwordEnv, common.passwordCommand, environment);
        ClientSettings.Builder builder = ClientSettings.builder(account)
                .credentials(() -> new Credentials(user, passwords.password(user)))
                .mxPort(common.mxPort)
                .logPort(common.logPort)
                .relay(common.relay)
                .answerTimeout(Duration.ofSeconds(common.timeoutSeconds))
                .progress(progress);
        if (common.timeoutSeconds < 0) {
            throw new CliException(ExitCodes.USAGE, "--timeout must not be negative");
        }
        if (common.mxPort < 1 || common.mxPort > 65535) {
            throw new CliException(ExitCodes.USAGE, "--mx-port must be a port number");
        }
        try {
            if (common.submission != null && !common.submission.isBlank()) {
                builder.submission(MailServer.parse(common.submission, 587));
            }
            if (common.imap != null && !common.imap.isBlank()) {
                builder.imap(MailServer.parse(common.imap, 993));
            }
            if (common.mx != null && !common.mx.isBlank()) {
                builder.mxOverride(common.mx.trim());
            }
            builder.dns(dns(common));
            if (common.require != null && !common.require.isBlank()) {
                requirements(common.require, builder);
            }
            if (common.logKeys != null) {
                builder.logKeys(logKeys(common.logKeys));
            }
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
        if (common.trustStore != null && !Files.isReadable(common.trustStore)) {
            throw new CliException(ExitCodes.USAGE, "cannot read --trust-store " + common.trustStore);
        }
        builder.tls(new TlsSettings(Optional.ofNullable(common.trustStore), common.insecureTls));
        if (common.stateDir != null) {
            builder.stateFolder(common.stateDir);
        }
        return builder.build();
    }

    /** {@code --require}: one of dane, mta-sts, dnssec, and transparency, comma-separated. */
    static void requirements(String text, ClientSettings.Builder builder) {
        boolean route = false;
        for (String part : text.split(",")) {
            if (part.trim().equalsIgnoreCase("transparency")) {
                builder.requireTransparency(true);
            } else if (route) {
                throw new IllegalArgumentException("--require takes one of dane, mta-sts, dnssec (and transparency)");
            } else {
                builder.require(Protection.Requirement.parse(part));
                route = true;
            }
        }
    }

    static LogPublicKeys logKeys(java.nio.file.Path file) {
        try {
            if (Files.size(file) > LogPublicKeys.MAX_TEXT) {
                throw new CliException(ExitCodes.USAGE, "--log-keys " + file + " is not two lines vkey and vrf");
            }
            return LogPublicKeys.parse(Files.readString(file, java.nio.charset.StandardCharsets.UTF_8))
                    .orElseThrow(() -> new CliException(ExitCodes.USAGE, "--log-keys " + file
                            + " is not the two lines vkey and vrf of a key log"));
        } catch (java.io.IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read --log-keys " + file + ": " + e.getMessage());
        }
    }

    /** The client's DNS: the given or the system's resolver, validating DNSSEC unless told to trust the resolver. */
    static DnsLookup dns(CommonOptions common) {
        if (common.resolverValidates && common.trustAnchors != null) {
            throw new CliException(ExitCodes.USAGE, "--resolver-validates and --trust-anchors exclude each other");
        }
        if (common.trustAnchors != null && !Files.isReadable(common.trustAnchors)) {
            throw new CliException(ExitCodes.USAGE, "cannot read --trust-anchors " + common.trustAnchors);
        }
        boolean ownResolver = common.resolver != null && !common.resolver.isBlank();
        if (common.resolverValidates && !ownResolver && !systemResolversOnLoopback()) {
            throw new CliException(ExitCodes.USAGE, "--resolver-validates: the system's resolvers are not all on loopback, "
                    + "so their AD bit could be forged on the way; run a validating resolver on this machine and name it "
                    + "with --resolver 127.0.0.1, or drop --resolver-validates");
        }
        DnssecValidation validation = common.resolverValidates ? DnssecValidation.resolverAdBit()
                : common.trustAnchors != null ? DnssecValidation.fromTrustAnchors(common.trustAnchors)
                : DnssecValidation.fromRoot();
        if (!ownResolver) {
            return DnsLookup.system(validation);
        }
        HostAndPort resolver = resolverOnItsAddress(HostAndPort.parse(common.resolver, 53));
        if (common.resolverValidates && !isLoopback(resolver.host())) {
            // RFC 6840 section 5.7: AD means something only over a secure path; plain UDP to another host is none
            throw new CliException(ExitCodes.USAGE, "--resolver-validates: " + common.resolver + " is not on loopback, "
                    + "so its AD bit could be forged on the way (and with it the TLSA records that protect your request); "
                    + "drop --resolver-validates to have DNSSEC validated here, or run a validating resolver on this "
                    + "machine (--resolver 127.0.0.1)");
        }
        return DnsLookup.using(resolver, validation);
    }

    /** The resolver named by its address, looked up once, so that the address checked is the address asked. */
    private static HostAndPort resolverOnItsAddress(HostAndPort resolver) {
        try {
            return new HostAndPort(InetAddress.getByName(resolver.host()).getHostAddress(), resolver.port());
        } catch (UnknownHostException e) {
            throw new CliException(ExitCodes.USAGE, "--resolver: unknown host " + resolver.host());
        }
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean systemResolversOnLoopback() {
        List<java.net.InetSocketAddress> servers = org.xbill.DNS.ResolverConfig.getCurrentConfig().servers();
        return !servers.isEmpty() && servers.stream().allMatch(server -> server.getAddress() != null
                && server.getAddress().isLoopbackAddress());
    }

    static int print(ResultPrinter printer, List<Outcome> outcomes) {
        outcomes.forEach(outcome -> printer.print(outcome, Map.of()));
        return ExitCodes.of(outcomes);
    }
}
