package org.mailkeys.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KAuthTest {
    @Test
    void itsHashCodeShouldNotDependOnTheSecretBytes() {
        KAuth one = KAuth.of(new byte[KAuth.LENGTH]);
        byte[] other = new byte[KAuth.LENGTH];
        other[0] = 1;

        assertThat(one.hashCode()).isEqualTo(KAuth.of(other).hashCode());
        assertThat(one).isNotEqualTo(KAuth.of(other));
    }

    @Test
    void itsTextShouldNeverShowTheSecret() {
        KAuth kAuth = KAuth.generate();

        assertThat(kAuth.toString()).doesNotContain(kAuth.toBase64()).isEqualTo("KAuth[redacted]");
    }
}
