package org.mailkeys.testing;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

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
