package org.mailkeys.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebKeyDirectoryLayoutTest {
    @Test
    void hashedLocalPartShouldMatchTheExampleOfTheWkdDraft() {
        // draft-koch-openpgp-webkey-service, section 3.1: "Joe.Doe" maps to this name
        assertThat(WebKeyDirectoryLayout.hashedLocalPart("Joe.Doe")).isEqualTo("iy9q119eutrkn8s1mk4r39qejnbu3n5q");
    }

    @Test
    void zBase32ShouldEncodeTheBitsInOrder() {
        assertThat(ZBase32.encode(new byte[] {(byte) 0xf0, (byte) 0xbf, (byte) 0xc7})).isEqualTo("6n9hq");
        assertThat(ZBase32.encode(new byte[0])).isEmpty();
    }
}
