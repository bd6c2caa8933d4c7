package org.mailkeys.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MailAddressIdentityTest {
    @Test
    void bothSpellingsOfAnInternationalisedDomainShouldHaveOneIdentity() {
        assertThat(MailAddressIdentity.of("alice@b\u00fccher.example")).isEqualTo("alice@xn--bcher-kva.example");
        assertThat(MailAddressIdentity.of("Alice@XN--BCHER-KVA.Example")).isEqualTo("alice@xn--bcher-kva.example");
        assertThat(MailAddressIdentity.of(" Alice@B\u00dcCHER.example ")).isEqualTo("alice@xn--bcher-kva.example");
    }

    @Test
    void theLocalPartShouldBeLowerCasedAndTheDomainSplitAtTheLastAt() {
        assertThat(MailAddressIdentity.of("\"a@b\"@Example.NET")).isEqualTo("\"a@b\"@example.net");
        assertThat(MailAddressIdentity.domainOf("\"a@b\"@Example.NET")).isEqualTo("Example.NET");
        assertThat(MailAddressIdentity.localPartOf("\"a@b\"@Example.NET")).isEqualTo("\"a@b\"");
    }

    @Test
    void whatIsNoAddressShouldStillHaveOneIdentity() {
        assertThat(MailAddressIdentity.of("NoAddress")).isEqualTo("noaddress");
        assertThat(MailAddressIdentity.localPartOf("NoAddress")).isEmpty();
        assertThat(MailAddressIdentity.of("a@" + "x".repeat(70) + ".example")).isEqualTo("a@" + "x".repeat(70)
            + ".example");
    }

    @Test
    void aDomainShouldHaveTheIdentityItHasInAnAddress() {
        assertThat(MailAddressIdentity.domain("B\u00fccher.Example")).isEqualTo("xn--bcher-kva.example");
    }
}
