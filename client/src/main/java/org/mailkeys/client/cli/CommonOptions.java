package org.mailkeys.client.cli;

import java.nio.file.Path;
import java.util.Optional;

import picocli.CommandLine.Option;

/**
 * Options every command takes (after its name), each also settable in the config file under its long name
 * without the dashes, e.g. {@code account=bob@acme.net}, {@code mx-port=2525}. The command line wins over the file.
 */
public final class CommonOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Config file (properties: option=value). Default: $XDG_CONFIG_HOME/mailkeys/config.properties "
                    + "or ~/.config/mailkeys/config.properties, when it exists.")
    Path config;

    @Option(names = "--account", paramLabel = "ADDRESS", description = "Your mail address (From of the requests).")
    String account;

    @Option(names = "--user", paramLabel = "NAME", description = "Login name for your submission and IMAP servers (default: the account).")
    String user;

    @Option(names = "--password-env", paramLabel = "VAR", description = "Read the password from this environment variable.")
    String passwordEnv;

    @Option(names = "--password-command", paramLabel = "CMD",
            description = "Run this shell command and use the first line it prints as the password.")
    String passwordCommand;

    @Option(names = "--submission", paramLabel = "[SCHEME://]HOST:PORT",
            description = "Your submission server: port 465 or smtps:// means implicit TLS, else STARTTLS (smtp://). "
                    + "Default: SRV _submissions._tcp, then _submission._tcp (RFC 6186); "
                    + "its certificate must then name your mail domain unless DNSSEC proved the SRV answer.")
    String submission;

    @Option(names = "--imap", paramLabel = "[SCHEME://]HOST:PORT",
            description = "Your IMAP server: port 993 or imaps:// means implicit TLS, else STARTTLS (imap://). "
                    + "Default: SRV _imaps._tcp, then _imap._tcp (RFC 6186); "
                    + "its certificate must then name your mail domain unless DNSSEC proved the SRV answer.")
    String imap;

    @Option(names = "--resolver", paramLabel = "HOST[:PORT]",
            description = "Ask this DNS server instead of the system's (its answers are still DNSSEC-validated here).")
    String resolver;

    @Option(names = "--trust-anchors", paramLabel = "FILE",
            description = "DNSSEC trust anchors (DS or DNSKEY records, zone file syntax) to validate from, instead of the "
                    + "root's built-in ones: a private root, a test zone.")
    Path trustAnchors;

    @Option(names = "--resolver-validates",
            description = "Do not validate DNSSEC here; believe the AD bit of the resolver. Allowed with --resolver, "
                    + "or when the system's resolvers are all on loopback (a validating resolver on this machine).")
    boolean resolverValidates;

    @Option(names = "--require", paramLabel = "dane|mta-sts|dnssec|transparency[,...]",
            description = "Send a lookup only over a connection protected at least so: dane (DANE only), mta-sts "
                    + "(MTA-STS enforce or DANE), dnssec (DANE or a DNSSEC-validated MX); never in relayed mode. "
                    + "transparency: use an answer only when its key log proof verified. Combine with a comma: "
                    + "dane,transparency.")
    String require;

    @Option(names = "--log-keys", paramLabel = "FILE",
            description = "Check the key logs of the domains looked up with these keys, and pin them: the two lines "
                    + "(vkey ..., vrf ...) exactly as https://openpgpkey.<domain>/.well-known/mailkeys/log/keys serves them.")
    Path logKeys;

    @Option(names = "--log-port", paramLabel = "N", defaultValue = "443", hidden = true,
            description = "HTTPS port of the domains' key logs (tests only).")
    int logPort;

    @Option(names = "--mx", paramLabel = "HOST",
            description = "Send lookups to this host instead of the queried domain's MX hosts (tests, local setups).")
    String mx;

    @Option(names = "--mx-port", paramLabel = "N", defaultValue = "25",
            description = "SMTP port of the MX hosts for lookups (default: ${DEFAULT-VALUE}).")
    int mxPort;

    @Option(names = "--trust-store", paramLabel = "FILE",
            description = "Also trust the CA certificates in this file (PEM, or PKCS12/JKS without password).")
    Path trustStore;

    @Option(names = "--insecure-tls", description = "Accept ANY server certificate (testing only; said loudly in the output).")
    boolean insecureTls;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long to wait for answers (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--relay",
            description = "When no MX of the queried domain is reachable on port 25, send the lookup through your own "
                    + "submission server (relayed mode; the output says so).")
    boolean relay;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where pending requests are kept (default: $XDG_STATE_HOME/mailkeys or ~/.local/state/mailkeys).")
    Path stateDir;

    @Option(names = "--json", description = "Print one JSON object per address on standard output.")
    boolean json;

    @Option(names = "--quiet", description = "No progress on standard error.")
    boolean quiet;

    Optional<String> account() {
        return Optional.ofNullable(account).filter(value -> !value.isBlank());
    }
}
