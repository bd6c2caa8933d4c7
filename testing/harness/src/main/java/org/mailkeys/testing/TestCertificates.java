package org.mailkeys.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;


/**
 * A test CA and server certificates it issues, made with {@code openssl}: what a provider's servers show. Server
 * certificates come as PKCS12 files (key, certificate, CA) for the test's TLS servers; the CA as PEM for
 * {@code --trust-store}.
 */
public final class TestCertificates {
    public static final String PASSWORD = "test-certificates";

    private final Path folder;

    private TestCertificates(Path folder) {
        this.folder = folder;
    }

    /** A new CA in {@code folder}. */
    public static TestCertificates newCa(Path folder) throws IOException, InterruptedException {
        Prerequisites.require(ExternalPrograms.executable("openssl").isPresent(),
                "openssl is not installed (apt-get install openssl): skipping the tests that need test certificates");
        Files.createDirectories(folder);
        run(folder, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-subj", "/CN=MailKeys Test CA", "-days", "3", "-keyout", "ca.key", "-out", "ca.pem",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return new TestCertificates(folder);
    }

    /** The CA certificate, PEM. */
    public Path caPem() {
        return folder.resolve("ca.pem");
    }

    /**
     * A server certificate from this CA for the names given (the first is also the CN; an IPv4 address becomes an
     * IP subject alternative name, anything else a DNS one), as PKCS12.
     */
    public Path issue(String file, List<String> dnsNames) throws IOException, InterruptedException {
        String san = dnsNames.stream().map(name -> (name.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") ? "IP:" : "DNS:") + name)
            .collect(Collectors.joining(","));
        run(folder, "openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-subj", "/CN=" + dnsNames.get(0), "-addext", "subjectAltName=" + san,
                "-keyout", file + ".key", "-out", file + ".csr");
        run(folder, "openssl", "x509", "-req", "-in", file + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-days", "2", "-copy_extensions", "copy", "-out", file + ".pem");
        run(folder, "openssl", "pkcs12", "-export", "-inkey", file + ".key", "-in", file + ".pem", "-certfile", "ca.pem",
                "-name", "server", "-passout", "pass:" + PASSWORD, "-out", file + ".p12");
        return folder.resolve(file + ".p12");
    }

    /**
     * A server certificate from this CA without subject alternative names, whose subject is written in openssl's
     * {@code -subj} syntax ({@code /CN=value}, where a comma is part of the value), as PEM.
     */
    public Path issueWithSubjectOnly(String file, String subject) throws IOException, InterruptedException {
        run(folder, "openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-subj", subject, "-keyout", file + ".key", "-out", file + ".csr");
        run(folder, "openssl", "x509", "-req", "-in", file + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-days", "2", "-out", file + ".pem");
        return folder.resolve(file + ".pem");
    }

    /** A server certificate signed by nobody the client trusts: its own issuer. */
    public Path selfSigned(String file, String dnsName) throws IOException, InterruptedException {
        run(folder, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-subj", "/CN=" + dnsName, "-addext", "subjectAltName=DNS:" + dnsName, "-days", "2",
                "-keyout", file + ".key", "-out", file + ".pem");
        run(folder, "openssl", "pkcs12", "-export", "-inkey", file + ".key", "-in", file + ".pem",
                "-name", "server", "-passout", "pass:" + PASSWORD, "-out", file + ".p12");
        return folder.resolve(file + ".p12");
    }

    /** TLS for a server showing the certificate of a PKCS12 file made here. */
    public static SSLContext serverContext(Path pkcs12) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pkcs12)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** The certificate of a PEM file made here. */
    public X509Certificate certificate(String pemFile) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(folder.resolve(pemFile))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** RFC 6698 2.1: the hex of a TLSA record's data, selector 1 (public key) or 0 (certificate), SHA-256. */
    public static String sha256(byte[] selected) throws GeneralSecurityException {
        StringBuilder hex = new StringBuilder();
        for (byte b : MessageDigest.getInstance("SHA-256").digest(selected)) {
            hex.append(String.format(Locale.ROOT, "%02x", b));
        }
        return hex.toString();
    }

    private static void run(Path folder, String... command) throws IOException, InterruptedException {
        ExternalPrograms.run(folder, command);
    }
}
