package org.mailkeys.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebKeyHashTest {
    @Test
    void hashShouldMatchTheExampleOfTheWkdDraft() {
        // draft-koch-openpgp-webkey-service, section 3.1: "Joe.Doe" maps to this name
        assertThat(WebKeyHash.ofLocalPart("Joe.Doe")).isEqualTo("iy9q119eutrkn8s1mk4r39qejnbu3n5q");
        assertThat(WebKeyHash.ofAddress("Joe.Doe@Example.ORG")).isEqualTo("iy9q119eutrkn8s1mk4r39qejnbu3n5q");
    }

    @Test
    void hashShouldLowerCaseAsciiLettersOnly() {
        assertThat(WebKeyHash.ofLocalPart("JÖRG")).isEqualTo(WebKeyHash.ofLocalPart("jÖrg"))
            .isNotEqualTo(WebKeyHash.ofLocalPart("jörg"));
    }

    @Test
    void onlyThirtyTwoZBase32LettersShouldBeWellFormed() {
        assertThat(WebKeyHash.isWellFormed("iy9q119eutrkn8s1mk4r39qejnbu3n5q")).isTrue();
        assertThat(WebKeyHash.isWellFormed("iy9q119eutrkn8s1mk4r39qejnbu3n5")).isFalse();
        assertThat(WebKeyHash.isWellFormed("iy9q119eutrkn8s1mk4r39qejnbu3n5Q")).isFalse();
        assertThat(WebKeyHash.isWellFormed("../../../../../etc/passwd/../xx")).isFalse();
        assertThat(WebKeyHash.isWellFormed(null)).isFalse();
    }

    @Test
    void zBase32ShouldEncodeTheBitsInOrder() {
        assertThat(ZBase32.encode(new byte[] {(byte) 0xf0, (byte) 0xbf, (byte) 0xc7})).isEqualTo("6n9hq");
        assertThat(ZBase32.encode(new byte[0])).isEmpty();
    }
}
