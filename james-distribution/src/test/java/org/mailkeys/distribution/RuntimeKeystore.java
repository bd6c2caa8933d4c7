package org.mailkeys.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.mailkeys.testing.Command;

/** The TLS keystore of a runtime folder, made by keytool with the same arguments as bin/mailkeys-server. */
final class SelfSignedKeystore {
    /** The secret the conf files name in their {@code <tls>} sections. */
    static final String SECRET = "mailkeys-self-signed";
    static final String RELATIVE_PATH = "var/keystore.p12";

    private SelfSignedKeystore() {
    }

    static void createIfMissing(Path runtimeRoot) throws IOException, InterruptedException {
        createIfMissing(runtimeRoot, List.of());
    }

    /** The same, the certificate also valid for the given host names (a test server's MX host name, say). */
    static void createIfMissing(Path runtimeRoot, List<String> moreHostNames) throws IOException, InterruptedException {
        Path keystore = runtimeRoot.resolve(RELATIVE_PATH);
        if (Files.exists(keystore)) {
            return;
        }
        Files.createDirectories(keystore.getParent());
        Command.keytool("-genkeypair", "-alias", "james",
            "-keyalg", "RSA", "-keysize", "3072", "-validity", "825", "-storetype", "PKCS12",
            "-keystore", keystore.toString(), "-storepass", SECRET, "-keypass", SECRET,
            "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1" + moreHostNames.stream().map(name -> ",dns:" + name)
                .collect(Collectors.joining()))
            .mergeErrors()
            .runSuccessfully(Duration.ofSeconds(60));
    }

    /** The certificate of a runtime folder's keystore, PEM: the trust store of a client of that server. */
    static String certificatePem(Path runtimeRoot) throws IOException, java.security.GeneralSecurityException {
        java.security.KeyStore keyStore = java.security.KeyStore.getInstance("PKCS12");
        try (java.io.InputStream in = Files.newInputStream(runtimeRoot.resolve(RELATIVE_PATH))) {
            keyStore.load(in, SECRET.toCharArray());
        }
        java.security.cert.Certificate certificate = keyStore.getCertificate("james");
        return "-----BEGIN CERTIFICATE-----\n"
            + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate.getEncoded())
            + "\n-----END CERTIFICATE-----\n";
    }
}
