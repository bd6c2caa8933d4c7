package org.mailkeys.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.stream.Collectors;

import org.mailkeys.testing.Command;

/**
 * A certificate authority of its own for a test, made by keytool: its certificate (PEM) is what a client trusts, and
 * it signs a server certificate for the names the test's DNS gives the server.
 */
final class TestCertificateAuthority {
    static final String SECRET = "mailkeys-test-ca";
    private static final String CA_ALIAS = "ca";
    private static final String SERVER_ALIAS = "server";

    private final Path folder;

    private TestCertificateAuthority(Path folder) {
        this.folder = folder;
    }

    static TestCertificateAuthority create(Path folder) throws IOException, InterruptedException {
        TestCertificateAuthority authority = new TestCertificateAuthority(folder);
        authority.keytool("-genkeypair", "-alias", CA_ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
            "-dname", "CN=MailKeys Test CA", "-ext", "bc:c", "-ext", "KU=keyCertSign,cRLSign", "-validity", "3",
            "-storetype", "PKCS12", "-keystore", authority.caKeystore().toString(), "-storepass", SECRET);
        authority.keytool("-exportcert", "-rfc", "-alias", CA_ALIAS, "-keystore", authority.caKeystore().toString(),
            "-storepass", SECRET, "-file", authority.certificatePem().toString());
        return authority;
    }

    /** The CA certificate, PEM: the whole trust store of a client that must trust only this CA. */
    Path certificatePem() {
        return folder.resolve("ca.pem");
    }

    /** A PKCS12 keystore (password {@link #SECRET}) holding a key and its certificate chain for these DNS names. */
    Path serverKeystore(String name, List<String> dnsNames) throws IOException, InterruptedException {
        Path keystore = folder.resolve(name + ".p12");
        Path request = folder.resolve(name + ".csr");
        Path certificate = folder.resolve(name + ".pem");
        keytool("-genkeypair", "-alias", SERVER_ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
            "-dname", "CN=" + dnsNames.get(0), "-validity", "3", "-storetype", "PKCS12",
            "-keystore", keystore.toString(), "-storepass", SECRET);
        keytool("-certreq", "-alias", SERVER_ALIAS, "-keystore", keystore.toString(), "-storepass", SECRET,
            "-file", request.toString());
        keytool("-gencert", "-alias", CA_ALIAS, "-keystore", caKeystore().toString(), "-storepass", SECRET,
            "-infile", request.toString(), "-outfile", certificate.toString(), "-rfc", "-validity", "3",
            "-ext", "SAN=" + dnsNames.stream().map(dns -> "dns:" + dns).collect(Collectors.joining(",")),
            "-ext", "EKU=serverAuth", "-ext", "KU=digitalSignature");
        keytool("-importcert", "-noprompt", "-alias", CA_ALIAS, "-file", certificatePem().toString(),
            "-keystore", keystore.toString(), "-storepass", SECRET);
        keytool("-importcert", "-noprompt", "-alias", SERVER_ALIAS, "-file", certificate.toString(),
            "-keystore", keystore.toString(), "-storepass", SECRET);
        return keystore;
    }

    private Path caKeystore() {
        return folder.resolve("ca.p12");
    }

    private void keytool(String... arguments) throws IOException, InterruptedException {
        Command.keytool(arguments).mergeErrors().runSuccessfully(Duration.ofSeconds(60));
    }
}
