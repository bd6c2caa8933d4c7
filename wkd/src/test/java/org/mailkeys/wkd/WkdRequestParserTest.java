package org.mailkeys.wkd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WkdRequestParserTest {
    // draft-koch-openpgp-webkey-service, section 3.1: Joe.Doe@Example.ORG
    static final String JOE = "iy9q119eutrkn8s1mk4r39qejnbu3n5q";

    @Test
    void advancedMethodShouldNameTheDomainOfThePath() throws Exception {
        assertThat(WkdRequestParser.parse("/.well-known/openpgpkey/example.org/hu/" + JOE + "?l=Joe.Doe",
            Optional.of("openpgpkey.example.org")))
            .isEqualTo(WkdRequest.key("example.org", JOE, Optional.of("Joe.Doe")));
    }

    @Test
    void directMethodShouldNameTheDomainOfTheHostHeader() throws Exception {
        assertThat(WkdRequestParser.parse("/.well-known/openpgpkey/hu/" + JOE, Optional.of("Example.ORG:443")))
            .isEqualTo(WkdRequest.key("example.org", JOE, Optional.empty()));
    }

    @Test
    void submissionAddressFilesShouldBeRecognisedInBothMethods() throws Exception {
        assertThat(WkdRequestParser.parse("/.well-known/openpgpkey/example.org/submission-address", Optional.empty()))
            .isEqualTo(WkdRequest.submissionAddress("example.org"));
        assertThat(WkdRequestParser.parse("/.well-known/openpgpkey/submission-address", Optional.of("example.org")))
            .isEqualTo(WkdRequest.submissionAddress("example.org"));
    }

    @Test
    void policyFilesShouldBeRecognisedInBothMethods() throws Exception {
        assertThat(WkdRequestParser.parse("/.well-known/openpgpkey/example.org/policy", Optional.empty()))
            .isEqualTo(WkdRequest.policy("example.org"));
        assertThat(WkdRequestParser.parse("/.well-known/openpgpkey/policy", Optional.of("example.org")))
            .isEqualTo(WkdRequest.policy("example.org"));
    }

    @Test
    void percentEncodedLocalPartsShouldBeDecoded() throws Exception {
        String hash = org.mailkeys.store.WebKeyHash.ofLocalPart("j\u00f6rg+x");
        assertThat(WkdRequestParser.parse("/.well-known/openpgpkey/example.org/hu/" + hash + "?l=j%C3%B6rg%2Bx",
            Optional.empty()).localPart()).contains("j\u00f6rg+x");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/.well-known/openpgpkey/example.org/hu/" + JOE + "?l=someone.else",
        "/.well-known/openpgpkey/example.org/hu/" + JOE + "?l=Joe.Doe&l=Joe.Doe",
        "/.well-known/openpgpkey/example.org/hu/" + JOE + "?l=Joe.Doe%",
        "/.well-known/openpgpkey/example.org/hu/" + JOE + "?l=joe.doe%00",
        "/.well-known/openpgpkey/example.org/hu/" + JOE + "?l=joe.doe@example.org",
        "/.well-known/openpgpkey/example.org/hu/../hu/" + JOE,
        "/.well-known/openpgpkey/../../etc/passwd",
        "/.well-known/openpgpkey/example.org/hu/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/.well-known/openpgpkey/example.org%2fhu/" + JOE,
        "/.well-known/openpgpkey/example.org//hu/" + JOE,
        "/.well-known/openpgpkey/example.org/hu/" + JOE + "/",
        "/.well-known/openpgpkey/example.org/hu/" + "IY9Q119EUTRKN8S1MK4R39QEJNBU3N5Q",
        "/.well-known/openpgpkey/example.org/hu/" + JOE + "x",
        "/.well-known/openpgpkey/..example.org/hu/" + JOE,
        "/.well-known/openpgpkey/localhost/hu/" + JOE,
        "/.well-known/openpgpkey/example.org/policy?x=1",
        "/.well-known/openpgpkey/example.org/submission-address?x=1",
        "/.well-known/openpgpkey/example.org/hu/",
        "http://example.org/.well-known/openpgpkey/example.org/hu/" + JOE,
        "*",
        "/"
    })
    void anythingElseShouldBeRefused(String target) {
        assertThatThrownBy(() -> WkdRequestParser.parse(target, Optional.of("example.org")))
            .isInstanceOf(WkdRequestParser.NotAWkdRequest.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[::1]", "example.org/..", "exa mple.org", "127.0.0.1:443:1", "-bad.example"})
    void directMethodShouldRefuseHostHeadersThatAreNoDomain(String host) {
        assertThatThrownBy(() -> WkdRequestParser.parse("/.well-known/openpgpkey/hu/" + JOE, Optional.of(host)))
            .isInstanceOf(WkdRequestParser.NotAWkdRequest.class);
    }

    @Test
    void directMethodShouldRefuseARequestWithoutHost() {
        assertThatThrownBy(() -> WkdRequestParser.parse("/.well-known/openpgpkey/hu/" + JOE, Optional.empty()))
            .isInstanceOf(WkdRequestParser.NotAWkdRequest.class);
    }
}
