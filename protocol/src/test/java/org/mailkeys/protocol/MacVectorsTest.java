package org.mailkeys.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The committed vectors under /vectors/: MACs computed once with openssl, outside this module. */
class MacVectorsTest {
    private final AnswerWriter writer = new AnswerWriter();
    private final AnswerParser parser = new AnswerParser();

    @Test
    void confirmationShouldCarryTheMacOverTheKeyBytes() throws Exception {
        Vector vector = Vector.load("confirmation-alice");

        String body = writer.confirmation(vector.keyBytes(), vector.kAuth());

        assertThat(body).isEqualTo(vector.mac + "\r\n");
        KeyAnswer.Confirmation answer = (KeyAnswer.Confirmation) parser.parse(body);
        assertThat(answer.verifies(vector.kAuth(), vector.keyBytes())).isTrue();
    }

    @Test
    void keyFoundShouldCarryTheMacOverTheKeyBytes() throws Exception {
        Vector vector = Vector.load("key-found-carol");

        String body = writer.keyFound(vector.keyBytes(), vector.kAuth());

        assertThat(body).endsWith("-----END PGP PUBLIC KEY BLOCK-----\r\n" + vector.mac + "\r\n");
        KeyAnswer.KeyFound answer = (KeyAnswer.KeyFound) parser.parse(body);
        assertThat(answer.keyBytes()).isEqualTo(vector.keyBytes());
        assertThat(answer.verifies(vector.kAuth())).isTrue();
    }

    @Test
    void keyFoundShouldVerifyWhateverTheArmorWrapping() throws Exception {
        Vector vector = Vector.load("key-found-carol");
        String gnupgArmor = Fixtures.text(vector.key);

        KeyAnswer.KeyFound answer = (KeyAnswer.KeyFound) parser.parse(gnupgArmor + "\n" + vector.mac + "\n");

        assertThat(answer.verifies(vector.kAuth())).isTrue();
    }

    @Test
    void deletedShouldCarryTheMacOverItsStatusLine() throws Exception {
        Vector vector = Vector.load("deleted-alice");

        String body = writer.deleted("alice@example.net", vector.kAuth());

        assertThat(body).isEqualTo(vector.status + "\r\n" + vector.mac + "\r\n");
        assertThat(((KeyAnswer.Deleted) parser.parse(body)).verifies(vector.kAuth())).isTrue();
    }

    @Test
    void notFoundShouldCarryTheMacOverItsStatusLine() throws Exception {
        Vector vector = Vector.load("not-found-bob");

        String body = writer.notFound("bob@example.net", vector.kAuth());

        assertThat(body).isEqualTo(vector.status + "\r\n" + vector.mac + "\r\n");
        assertThat(((KeyAnswer.NotFound) parser.parse(body)).verifies(vector.kAuth())).isTrue();
    }

    @Test
    void errorShouldCarryTheMacOverItsStatusLine() throws Exception {
        Vector vector = Vector.load("error-bad-key");

        String body = writer.error(ErrorCode.BAD_KEY, "the key does not parse", Optional.of(vector.kAuth()));

        assertThat(body).isEqualTo(vector.status + "\r\n" + vector.mac + "\r\n");
        assertThat(((KeyAnswer.Error) parser.parse(body)).verifies(vector.kAuth())).isTrue();
    }

    @Test
    void aMacOverTheArmoredTextShouldNotVerifyAgainstTheKeyBytes() {
        Vector vector = Vector.load("negative-mac-over-armored-text");
        Mac overArmoredText = Mac.parse(vector.mac).orElseThrow();

        assertThat(overArmoredText.verifies(vector.kAuth(), Fixtures.bytes(vector.key))).isTrue();
        assertThat(overArmoredText.verifies(vector.kAuth(), vector.keyBytes())).isFalse();
        assertThat(new KeyAnswer.Confirmation(overArmoredText).verifies(vector.kAuth(), vector.keyBytes())).isFalse();
    }

    @Test
    void aMacShouldNotVerifyWithAnotherKAuth() throws Exception {
        Vector vector = Vector.load("confirmation-alice");

        KeyAnswer.Confirmation answer = (KeyAnswer.Confirmation) parser.parse(vector.mac);

        assertThat(answer.verifies(KAuth.generate(), vector.keyBytes())).isFalse();
    }

    /** One vector file: kauth, mac, and either key (a resource) or status (a status line). */
    private static final class Vector {
        private final String kAuth;
        private final String key;
        private final String status;
        private final String mac;

        private Vector(Properties properties) {
            this.kAuth = properties.getProperty("kauth");
            this.key = properties.getProperty("key");
            this.status = properties.getProperty("status");
            this.mac = properties.getProperty("mac");
        }

        static Vector load(String name) {
            Properties properties = new Properties();
            try {
                properties.load(new StringReader(Fixtures.text("/vectors/" + name + ".properties")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Vector(properties);
        }

        KAuth kAuth() {
            return KAuth.parse(kAuth).orElseThrow();
        }

        byte[] keyBytes() {
            return Fixtures.keyBytes(key.substring("/keys/".length()));
        }
    }
}
