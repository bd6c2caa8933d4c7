package org.mailkeys.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequestWriterTest {
    private static final KAuth K_AUTH = KAuth.generate();
    private static final byte[] CAROL = Fixtures.keyBytes("carol-rsa3072.asc");

    private final RequestWriter writer = new RequestWriter();
    private final RequestParser parser = new RequestParser();

    @Test
    void publicationShouldRoundTrip() throws Exception {
        String body = writer.publication(CAROL, K_AUTH);

        assertThat(body).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----\r\n\r\n")
            .endsWith("-----END PGP PUBLIC KEY BLOCK-----\r\n" + K_AUTH.toBase64() + "\r\n");
        KeyRequest.Publication request = (KeyRequest.Publication) parser.parse(body);
        assertThat(request.keyBytes()).isEqualTo(CAROL);
        assertThat(request.kAuth()).isEqualTo(K_AUTH);
    }

    @Test
    void deletionShouldRoundTrip() throws Exception {
        String body = writer.deletion(K_AUTH);

        assertThat(body).isEqualTo("DELETE\r\n" + K_AUTH.toBase64() + "\r\n");
        assertThat(parser.parse(body)).isInstanceOf(KeyRequest.Deletion.class);
    }

    @Test
    void retrievalShouldRoundTrip() throws Exception {
        String body = writer.retrieval("alice@example.net", K_AUTH);

        assertThat(body).isEqualTo("alice@example.net\r\n" + K_AUTH.toBase64() + "\r\n");
        KeyRequest.Retrieval request = (KeyRequest.Retrieval) parser.parse(body);
        assertThat(request.queriedAddress()).isEqualTo("alice@example.net");
        assertThat(request.kAuth()).isEqualTo(K_AUTH);
    }

    @Test
    void retrievalShouldRefuseMoreThanOneAddress() {
        assertThatThrownBy(() -> writer.retrieval("alice@example.net\r\nbob@example.net", K_AUTH))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
