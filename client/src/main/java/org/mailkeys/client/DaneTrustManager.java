package org.mailkeys.client;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import org.xbill.DNS.TLSARecord;

/**
 * Checks a server's certificate chain against DNSSEC-validated TLSA records, as RFC 7672 section 3 asks of an SMTP
 * client: DANE-EE(3) records match the server's own certificate, with no name or validity check (section 3.1.1);
 * DANE-TA(2) records match a trust anchor in the chain the server sent, from which the chain must verify, and the
 * server's certificate must then be valid now and carry the MX host name (sections 3.1.2 and 3.2.2). PKIX-TA(0)
 * and PKIX-EE(1) records are unusable for SMTP (section 3.1.3) and never make a chain trusted. Selectors 0 (whole
 * certificate) and 1 (public key) and matching types 0 (exact), 1 (SHA-256) and 2 (SHA-512) are supported
 * (RFC 6698 section 2.1). A chain that matches nothing fails the TLS handshake, so nothing is sent over it.
 */
final class DaneTrustManager extends X509ExtendedTrustManager {
    private final List<TLSARecord> records;
    private final List<String> referenceNames;

    /**
     * @param records usable TLSA records ({@link #usable(List)}), from a secure answer
     * @param referenceNames the names a DANE-TA(2) chain's server certificate must carry (the MX host name)
     */
    DaneTrustManager(List<TLSARecord> records, List<String> referenceNames) {
        this.records = List.copyOf(records);
        this.referenceNames = referenceNames.stream().map(DaneTrustManager::lower).collect(Collectors.toList());
    }

    /**
     * The records an SMTP client can use (RFC 7672 section 3.1): DANE-TA(2) and DANE-EE(3), a known selector and
     * matching type, and a digest of the right length. When none is usable, the server is treated as if it had
     * no TLSA records (RFC 7672 section 2.2).
     */
    static List<TLSARecord> usable(List<TLSARecord> records) {
        return records.stream().filter(DaneTrustManager::isUsable).collect(Collectors.toList());
    }

    private static boolean isUsable(TLSARecord record) {
        int usage = record.getCertificateUsage();
        int selector = record.getSelector();
        int length = record.getCertificateAssociationData().length;
        boolean knownUsage = usage == TLSARecord.CertificateUsage.TRUST_ANCHOR_ASSERTION
                || usage == TLSARecord.CertificateUsage.DOMAIN_ISSUED_CERTIFICATE;
        boolean knownSelector = selector == TLSARecord.Selector.FULL_CERTIFICATE
                || selector == TLSARecord.Selector.SUBJECT_PUBLIC_KEY_INFO;
        switch (record.getMatchingType()) {
            case TLSARecord.MatchingType.EXACT:
                return knownUsage && knownSelector && length > 0;
            case TLSARecord.MatchingType.SHA256:
                return knownUsage && knownSelector && length == 32;
            case TLSARecord.MatchingType.SHA512:
                return knownUsage && knownSelector && length == 64;
            default:
                return false;
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server sent no certificate");
        }
        for (TLSARecord record : records) {
            if (record.getCertificateUsage() == TLSARecord.CertificateUsage.DOMAIN_ISSUED_CERTIFICATE && matches(record, chain[0])) {
                return; // RFC 7672 3.1.1: the key is the server's; its name and dates do not matter
            }
        }
        for (int anchor = 0; anchor < chain.length; anchor++) {
            for (TLSARecord record : records) {
                if (record.getCertificateUsage() == TLSARecord.CertificateUsage.TRUST_ANCHOR_ASSERTION
                        && matches(record, chain[anchor])) {
                    verifyFromAnchor(chain, anchor);
                    return;
                }
            }
        }
        throw new CertificateException("DANE: no TLSA record of " + String.join(", ", referenceNames)
                + " matches the server's certificate chain (RFC 7672)");
    }

    /** RFC 7672 3.1.2 and 3.2.2: the chain up to the anchor verifies, and the server certificate is current and named. */
    private void verifyFromAnchor(X509Certificate[] chain, int anchor) throws CertificateException {
        try {
            for (int i = 0; i < anchor; i++) {
                chain[i].checkValidity();
                chain[i].verify(chain[i + 1].getPublicKey());
                if (chain[i + 1].getBasicConstraints() < 0) {
                    throw new CertificateException("DANE-TA: " + chain[i + 1].getSubjectX500Principal() + " is not a CA");
                }
            }
        } catch (GeneralSecurityException e) {
            throw new CertificateException("DANE-TA: the server's chain does not verify from the TLSA trust anchor: "
                    + e.getMessage(), e);
        }
        if (!carriesReferenceName(chain[0])) {
            throw new CertificateException("DANE-TA: the server's certificate is not for " + String.join(", ", referenceNames));
        }
    }

    /**
     * RFC 7672 3.2.3: the DNS-ID subject alternative names, a wildcard only as the whole left-most label. The subject's
     * common name is never used: RFC 6125 section 6.4.4 makes it a last resort a client MAY use, RFC 9525 drops it,
     * and a CN read from the RFC 2253 string is easy to get wrong ({@code CN=evil\,CN=mx.example.net} is one name).
     */
    private boolean carriesReferenceName(X509Certificate certificate) throws CertificateParsingException {
        List<String> names = new ArrayList<>();
        Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
        if (alternatives != null) {
            for (List<?> alternative : alternatives) {
                if (Integer.valueOf(2).equals(alternative.get(0))) {
                    names.add(lower(String.valueOf(alternative.get(1))));
                }
            }
        }
        for (String reference : referenceNames) {
            for (String name : names) {
                if (name.equals(reference) || (name.startsWith("*.") && reference.indexOf('.') > 0
                        && reference.substring(reference.indexOf('.') + 1).equals(name.substring(2)))) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean matches(TLSARecord record, X509Certificate certificate) throws CertificateException {
        byte[] selected = record.getSelector() == TLSARecord.Selector.FULL_CERTIFICATE
                ? certificate.getEncoded() : certificate.getPublicKey().getEncoded();
        byte[] expected = record.getCertificateAssociationData();
        try {
            switch (record.getMatchingType()) {
                case TLSARecord.MatchingType.EXACT:
                    return MessageDigest.isEqual(selected, expected);
                case TLSARecord.MatchingType.SHA256:
                    return MessageDigest.isEqual(MessageDigest.getInstance("SHA-256").digest(selected), expected);
                case TLSARecord.MatchingType.SHA512:
                    return MessageDigest.isEqual(MessageDigest.getInstance("SHA-512").digest(selected), expected);
                default:
                    return false;
            }
        } catch (NoSuchAlgorithmException e) {
            throw new CertificateException(e);
        }
    }

    private static String lower(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client certificates are not checked here");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
