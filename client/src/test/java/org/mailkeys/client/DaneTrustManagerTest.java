package org.mailkeys.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.testing.TestCertificates;
import org.xbill.DNS.Name;
import org.xbill.DNS.TLSARecord;

/** RFC 7672 section 3 on certificates made by openssl: usages 2 and 3, selectors 0 and 1, matching types 0, 1, 2. */
class DaneTrustManagerTest {
    @TempDir
    static Path folder;

    private static X509Certificate server;
    private static X509Certificate other;
    private static X509Certificate ca;
    private static TestCertificates certificates;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certificates = TestCertificates.newCa(folder);
        certificates.issue("server", List.of("mx.example.test"));
        certificates.issue("other", List.of("mx.other.test"));
        server = certificates.certificate("server.pem");
        other = certificates.certificate("other.pem");
        ca = certificates.certificate("ca.pem");
    }

    private static TLSARecord tlsa(int usage, int selector, int matching, byte[] data) throws Exception {
        return new TLSARecord(Name.fromString("_25._tcp.mx.example.test."), org.xbill.DNS.DClass.IN, 300, usage, selector, matching, data);
    }

    private static byte[] digest(String algorithm, byte[] data) throws Exception {
        return MessageDigest.getInstance(algorithm).digest(data);
    }

    private static DaneTrustManager trusting(TLSARecord... records) {
        return new DaneTrustManager(DaneTrustManager.usable(List.of(records)), List.of("mx.example.test"));
    }

    @Test
    void daneEeShouldMatchTheServerCertificateBySelectorAndMatchingType() throws Exception {
        X509Certificate[] chain = {server, ca};
        trusting(tlsa(3, 1, 1, digest("SHA-256", server.getPublicKey().getEncoded()))).checkServerTrusted(chain, "EC");
        trusting(tlsa(3, 0, 2, digest("SHA-512", server.getEncoded()))).checkServerTrusted(chain, "EC");
        trusting(tlsa(3, 1, 0, server.getPublicKey().getEncoded())).checkServerTrusted(chain, "EC");
    }

    @Test
    void daneEeShouldIgnoreTheNameOfTheCertificate() throws Exception {
        // RFC 7672 3.1.1: with DANE-EE the key is what counts; other.pem is for mx.other.test
        trusting(tlsa(3, 1, 1, digest("SHA-256", other.getPublicKey().getEncoded())))
                .checkServerTrusted(new X509Certificate[] {other}, "EC");
    }

    @Test
    void aCertificateMatchingNoRecordShouldBeRefused() throws Exception {
        DaneTrustManager manager = trusting(tlsa(3, 1, 1, digest("SHA-256", other.getPublicKey().getEncoded())));

        assertThatThrownBy(() -> manager.checkServerTrusted(new X509Certificate[] {server, ca}, "EC"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("DANE");
    }

    @Test
    void daneTaShouldAcceptAChainFromTheAnchorWithTheMxName() throws Exception {
        trusting(tlsa(2, 0, 1, digest("SHA-256", ca.getEncoded()))).checkServerTrusted(new X509Certificate[] {server, ca}, "EC");
    }

    @Test
    void daneTaShouldRefuseACertificateForAnotherName() throws Exception {
        DaneTrustManager manager = trusting(tlsa(2, 0, 1, digest("SHA-256", ca.getEncoded())));

        assertThatThrownBy(() -> manager.checkServerTrusted(new X509Certificate[] {other, ca}, "EC"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("not for mx.example.test");
    }

    @Test
    void daneTaShouldNotTakeTheNameFromACommonNameThatHidesOneBehindAnEscapedComma() throws Exception {
        // issue 18 item 10: the subject below is ONE common name, "evil,CN=mx.example.test"; names come from DNS
        // subject alternative names only (RFC 6125 6.4.4 makes the CN a last resort, RFC 9525 drops it)
        X509Certificate commaInName = certificates.certificate(certificates.issueWithSubjectOnly("comma",
                "/CN=evil,CN=mx.example.test").getFileName().toString());
        assertThat(new LdapName(commaInName.getSubjectX500Principal().getName()).getRdns())
                .extracting(Rdn::getValue).containsExactly("evil,CN=mx.example.test");
        DaneTrustManager manager = trusting(tlsa(2, 0, 1, digest("SHA-256", ca.getEncoded())));

        assertThatThrownBy(() -> manager.checkServerTrusted(new X509Certificate[] {commaInName, ca}, "EC"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("not for mx.example.test");
    }

    @Test
    void daneTaShouldNeedTheMxNameAsASubjectAlternativeNameNotInACommonName() throws Exception {
        X509Certificate commonNameOnly = certificates.certificate(certificates.issueWithSubjectOnly("cn-only",
                "/CN=mx.example.test").getFileName().toString());
        X509Certificate secondCommonName = certificates.certificate(certificates.issueWithSubjectOnly("two-cn",
                "/CN=mx.example.test/CN=evil.example").getFileName().toString());
        DaneTrustManager manager = trusting(tlsa(2, 0, 1, digest("SHA-256", ca.getEncoded())));

        for (X509Certificate certificate : List.of(commonNameOnly, secondCommonName)) {
            assertThatThrownBy(() -> manager.checkServerTrusted(new X509Certificate[] {certificate, ca}, "EC"))
                    .as(certificate.getSubjectX500Principal().getName())
                    .isInstanceOf(CertificateException.class).hasMessageContaining("not for mx.example.test");
        }
    }

    @Test
    void pkixUsagesAndBrokenDigestsShouldBeUnusableForSmtp() throws Exception {
        // RFC 7672 3.1.3: PKIX-TA(0) and PKIX-EE(1) are not used; a SHA-256 digest must be 32 bytes
        List<TLSARecord> records = List.of(tlsa(1, 1, 1, digest("SHA-256", server.getPublicKey().getEncoded())),
                tlsa(0, 0, 1, digest("SHA-256", ca.getEncoded())), tlsa(3, 1, 1, new byte[] {1, 2, 3}), tlsa(3, 1, 9, new byte[32]));

        assertThat(DaneTrustManager.usable(records)).isEmpty();
    }
}
