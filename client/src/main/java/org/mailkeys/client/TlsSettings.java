package org.mailkeys.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Which certificates the client accepts: the system's CAs, plus those of an extra trust store (a PEM file of
 * certificates, or a PKCS12/JKS store without password), or, only when asked for explicitly, any certificate.
 */
public final class TlsSettings {
    private final Optional<Path> extraTrustStore;
    private final boolean insecure;

    public TlsSettings(Optional<Path> extraTrustStore, boolean insecure) {
        this.extraTrustStore = extraTrustStore;
        this.insecure = insecure;
    }

    public static TlsSettings systemDefaults() {
        return new TlsSettings(Optional.empty(), false);
    }

    /** Certificates are neither checked against a CA nor against the host name. */
    public boolean insecure() {
        return insecure;
    }

    public SSLContext sslContext() throws IOException {
        try {
            return sslContext(trustManager());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** TLS that trusts what {@code trustManager} trusts (DANE: the TLSA records), whatever the settings say. */
    static SSLContext sslContext(X509TrustManager trustManager) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private X509TrustManager trustManager() throws GeneralSecurityException, IOException {
        if (insecure) {
            return new TrustEverything();
        }
        X509TrustManager system = fromStore(null);
        if (extraTrustStore.isEmpty()) {
            return system;
        }
        return new EitherTrustManager(fromStore(load(extraTrustStore.get())), system);
    }

    private static KeyStore load(Path file) throws GeneralSecurityException, IOException {
        byte[] content = Files.readAllBytes(file);
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        if (new String(content, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
            store.load(null, null);
            int index = 0;
            try (InputStream in = Files.newInputStream(file)) {
                for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("extra-" + index++, certificate);
                }
            }
            return store;
        }
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, null);
        } catch (IOException e) {
            throw new IOException("cannot read trust store " + file + ": " + e.getMessage(), e);
        }
        return store;
    }

    private static X509TrustManager fromStore(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager) {
                return (X509TrustManager) manager;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** Trusts a chain that either manager trusts. */
    private static final class EitherTrustManager implements X509TrustManager {
        private final X509TrustManager first;
        private final X509TrustManager second;

        EitherTrustManager(X509TrustManager first, X509TrustManager second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                first.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                second.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            X509Certificate[] a = first.getAcceptedIssuers();
            X509Certificate[] b = second.getAcceptedIssuers();
            X509Certificate[] all = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }
    }

    /** For --insecure-tls only. */
    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
