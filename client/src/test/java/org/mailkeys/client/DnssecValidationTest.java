package org.mailkeys.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.dnssec.ValidatingResolver;

/** The root's trust anchors are built in: the DS records of KSK-2017 (20326) and KSK-2024 (38696), as IANA publishes them. */
class DnssecValidationTest {
    @Test
    void theRootsTrustAnchorsShouldBeBuiltIn() throws Exception {
        ValidatingResolver validator = DnssecValidation.fromRoot()
                .validator(new SimpleResolver(InetAddress.getLoopbackAddress())).orElseThrow();

        RRset root = validator.getTrustAnchors().find(Name.root, DClass.IN);

        assertThat(root).isNotNull();
        assertThat(root.rrs().stream().map(record -> ((DSRecord) record).getFootprint()).collect(Collectors.toList()))
                .containsExactlyInAnyOrder(20326, 38696);
        assertThat(validator.getTrustAnchors().find(Name.fromString("example.net."), DClass.IN)).isSameAs(root);
    }

    @Test
    void trustingTheResolversAdBitShouldValidateNothingHere() throws Exception {
        assertThat(DnssecValidation.resolverAdBit().validator(new SimpleResolver(InetAddress.getLoopbackAddress()))).isEmpty();
    }

    @Test
    void theAdBitShouldBeBelievedOnlyFromAResolverOnLoopback() {
        // issue 18 item 9: AD over plain UDP from another host can be set by anyone on the path (RFC 6840 5.7)
        assertThatThrownBy(() -> DnsLookup.using(new HostAndPort("192.0.2.53", 53), DnssecValidation.resolverAdBit()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
        assertThatThrownBy(() -> DnsLookup.using(new HostAndPort("2001:db8::53", 53), DnssecValidation.resolverAdBit()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> DnsLookup.using(new HostAndPort("127.0.0.53", 53), DnssecValidation.resolverAdBit()))
                .doesNotThrowAnyException();
        assertThatCode(() -> DnsLookup.using(new HostAndPort("::1", 53), DnssecValidation.resolverAdBit()))
                .doesNotThrowAnyException();
        assertThatCode(() -> DnsLookup.using(new HostAndPort("192.0.2.53", 53), DnssecValidation.fromRoot()))
                .doesNotThrowAnyException();
    }
}
