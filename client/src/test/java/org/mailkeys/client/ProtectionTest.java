package org.mailkeys.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What {@code --require} accepts: nothing weaker than asked, and never relayed mode. */
class ProtectionTest {
    @Test
    void requiringDaneShouldAcceptOnlyDane() {
        assertThat(Protection.Requirement.DANE.acceptedBy(Protection.DANE)).isTrue();
        assertThat(Protection.Requirement.DANE.acceptedBy(Protection.MTA_STS)).isFalse();
        assertThat(Protection.Requirement.DANE.acceptedBy(Protection.DNSSEC_TLS)).isFalse();
    }

    @Test
    void requiringMtaStsShouldAlsoAcceptDaneWhichTakesPrecedence() {
        assertThat(Protection.Requirement.MTA_STS.acceptedBy(Protection.MTA_STS)).isTrue();
        assertThat(Protection.Requirement.MTA_STS.acceptedBy(Protection.DANE)).isTrue();
        assertThat(Protection.Requirement.MTA_STS.acceptedBy(Protection.DNSSEC_TLS)).isFalse();
    }

    @Test
    void requiringDnssecShouldAcceptDaneAndAValidatedMx() {
        assertThat(Protection.Requirement.DNSSEC.acceptedBy(Protection.DANE)).isTrue();
        assertThat(Protection.Requirement.DNSSEC.acceptedBy(Protection.DNSSEC_TLS)).isTrue();
        assertThat(Protection.Requirement.DNSSEC.acceptedBy(Protection.MTA_STS)).isFalse();
    }

    @Test
    void noRequirementShouldAcceptPlainTlsOrRelayedMode() {
        for (Protection.Requirement requirement : Protection.Requirement.values()) {
            assertThat(requirement.acceptedBy(Protection.TLS)).isFalse();
            assertThat(requirement.acceptedBy(Protection.RELAYED)).isFalse();
        }
    }

    @Test
    void requirementsShouldBeParsedByTheirOptionNames() {
        assertThat(Protection.Requirement.parse("DANE")).isEqualTo(Protection.Requirement.DANE);
        assertThat(Protection.Requirement.parse("mta-sts")).isEqualTo(Protection.Requirement.MTA_STS);
        assertThat(Protection.Requirement.parse("dnssec")).isEqualTo(Protection.Requirement.DNSSEC);
        assertThatThrownBy(() -> Protection.Requirement.parse("tls")).isInstanceOf(IllegalArgumentException.class);
    }
}
