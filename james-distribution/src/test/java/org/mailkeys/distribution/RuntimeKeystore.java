package org.mailkeys.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.mailkeys.testing.TestCertificates;

/**
 * The TLS keystore of a test runtime folder, where and under the secret the shipped conf files name it: a certificate
 * for localhost, 127.0.0.1 and the names a test adds, from a CA of the tests' one kind ({@link TestCertificates}),
 * kept beside the runtime. bin/mailkeys-server makes its own self-signed one when it finds none.
 */
final class RuntimeKeystore {
    /** The secret the conf files name in their {@code <tls>} sections. */
    static final String SECRET = "mailkeys-self-signed";
    static final String RELATIVE_PATH = "var/keystore.p12";
    /** The alias of the server's key, as bin/mailkeys-server names it. */
    static final String ALIAS = "james";
    private static final String CA_FOLDER = "var/test-ca";

    private RuntimeKeystore() {
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
        List<String> names = new ArrayList<>(List.of("localhost", "127.0.0.1"));
        names.addAll(moreHostNames);
        Path issued = TestCertificates.newCa(runtimeRoot.resolve(CA_FOLDER)).issue("james", names);
        try {
            KeyStore from = load(issued, TestCertificates.PASSWORD);
            String alias = from.aliases().nextElement();
            Key key = from.getKey(alias, TestCertificates.PASSWORD.toCharArray());
            KeyStore to = KeyStore.getInstance("PKCS12");
            to.load(null, null);
            to.setKeyEntry(ALIAS, key, SECRET.toCharArray(), from.getCertificateChain(alias));
            Files.createDirectories(keystore.getParent());
            try (OutputStream out = Files.newOutputStream(keystore)) {
                to.store(out, SECRET.toCharArray());
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot store the test certificate under the conf's secret", e);
        }
    }

    /**
     * What a client of that server trusts, PEM: the CA of a keystore made here, the certificate itself of one
     * bin/mailkeys-server made (self-signed).
     */
    static String certificatePem(Path runtimeRoot) throws IOException, GeneralSecurityException {
        Certificate[] chain = load(runtimeRoot.resolve(RELATIVE_PATH), SECRET).getCertificateChain(ALIAS);
        return "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(chain[chain.length - 1].getEncoded())
            + "\n-----END CERTIFICATE-----\n";
    }

    private static KeyStore load(Path file, String secret) throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keyStore.load(in, secret.toCharArray());
        }
        return keyStore;
    }
}
