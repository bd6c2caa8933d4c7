package org.mailkeys.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** docs/PROTOCOL.md 4.1: the K_auth of a body that is malformed, too large or not parsed. */
class KAuthFinderTest {
    private final KAuth kAuth = KAuth.generate();

    @Test
    void theLastNonBlankLineShouldBeTheKAuthWhenItIsOne() {
        assertThat(KAuthFinder.find("some text\r\nmore text\r\n" + kAuth.toBase64() + "\r\n\r\n")).contains(kAuth);
    }

    @Test
    void aKAuthAfterAnUnterminatedArmorBlockShouldBeFound() {
        String body = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmDMEaw\n" + kAuth.toBase64() + "\n";

        assertThat(KAuthFinder.find(body)).contains(kAuth);
    }

    @Test
    void theOneKAuthLineOutsideBlocksShouldBeFoundWhenSomethingFollowsIt() {
        assertThat(KAuthFinder.find(kAuth.toBase64() + "\nDELETE\n")).contains(kAuth);
    }

    @Test
    void twoKAuthLinesBeforeOtherTextShouldGiveNone() {
        String body = kAuth.toBase64() + "\n" + KAuth.generate().toBase64() + "\ntrailing text\n";

        assertThat(KAuthFinder.find(body)).isEmpty();
    }

    @Test
    void aKAuthLineInsideAnArmorBlockShouldNotCountUnlessItIsTheLastLine() {
        String body = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n" + kAuth.toBase64()
            + "\n-----END PGP PUBLIC KEY BLOCK-----\nnot a K_auth\n";

        assertThat(KAuthFinder.find(body)).isEmpty();
    }

    @Test
    void aLineOf31BytesShouldBeNoKAuth() {
        String shortLine = java.util.Base64.getEncoder().encodeToString(new byte[31]);

        assertThat(KAuthFinder.find("alice@example.net\n" + shortLine + "\n")).isEmpty();
    }
}
