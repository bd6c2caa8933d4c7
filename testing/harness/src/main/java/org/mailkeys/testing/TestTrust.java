package org.mailkeys.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Trust managers that check a test server's certificate instead of accepting any. */
public final class TestTrust {
    private TestTrust() {
    }

    /** Trusts exactly the certificates of a keystore on the class path (e.g. James' test keystore, "/keystore"). */
    public static X509TrustManager keystore(String resource, String type, String password)
        throws IOException, GeneralSecurityException {
        KeyStore keystore = KeyStore.getInstance(type);
        try (InputStream in = TestTrust.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no keystore " + resource + " on the class path");
            }
            keystore.load(in, password.toCharArray());
        }
        return trustManager(keystore);
    }

    /** Trusts exactly one certificate given in PEM (a test CA, or a server's self-signed certificate). */
    public static X509TrustManager pem(String pemCertificate) throws IOException, GeneralSecurityException {
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        keystore.load(null, null);
        keystore.setCertificateEntry("trusted", CertificateFactory.getInstance("X.509").generateCertificate(
            new ByteArrayInputStream(pemCertificate.getBytes(StandardCharsets.US_ASCII))));
        return trustManager(keystore);
    }

    /** A TLS client context with this trust manager alone. */
    public static SSLContext context(X509TrustManager trust) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trust}, null);
        return context;
    }

    private static X509TrustManager trustManager(KeyStore keystore) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(keystore);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager) {
                return (X509TrustManager) manager;
            }
        }
        throw new GeneralSecurityException("No X509 trust manager");
    }
}
