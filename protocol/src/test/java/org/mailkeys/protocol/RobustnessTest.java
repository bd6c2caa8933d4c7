package org.mailkeys.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Damaged input must end in a ProtocolException (an answer), never in another exception (a failure). */
class RobustnessTest {
    private static final long SEED = 20261128L;
    private static final int ROUNDS = 400;

    @Test
    void policyShouldAnswerEveryDamagedKeyWithAProtocolError() {
        Random random = new Random(SEED);
        byte[][] originals = {Fixtures.keyBytes("alice.asc"), Fixtures.keyBytes("carol-rsa3072.asc"),
            Fixtures.keyBytes("dave-two-uids-photo-certified.asc")};
        PublicKeyPolicy policy = new PublicKeyPolicy();
        for (int round = 0; round < ROUNDS; round++) {
            byte[] damaged = damage(originals[round % originals.length], random);
            Throwable thrown = catchThrowable(() -> policy.accept(damaged, "alice@example.net"));
            assertThat(thrown).as("round %d", round).satisfiesAnyOf(
                t -> assertThat(t).isNull(),
                t -> assertThat(t).isInstanceOf(ProtocolException.class));
        }
    }

    @Test
    void parsersShouldAnswerEveryDamagedBodyWithAProtocolError() {
        Random random = new Random(SEED);
        KAuth kAuth = KAuth.generate();
        String publication = new RequestWriter().publication(Fixtures.keyBytes("alice.asc"), kAuth);
        String keyFound = new AnswerWriter().keyFound(Fixtures.keyBytes("alice.asc"), kAuth);
        for (int round = 0; round < ROUNDS; round++) {
            String request = new String(damage(publication.getBytes(StandardCharsets.US_ASCII), random),
                StandardCharsets.ISO_8859_1);
            String answer = new String(damage(keyFound.getBytes(StandardCharsets.US_ASCII), random),
                StandardCharsets.ISO_8859_1);
            assertThat(catchThrowable(() -> new RequestParser().parse(request))).as("request round %d", round)
                .satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(ProtocolException.class));
            assertThat(catchThrowable(() -> new AnswerParser().parse(answer))).as("answer round %d", round)
                .satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(ProtocolException.class));
        }
    }

    @Test
    void messageBodiesShouldAnswerEveryDamagedMessageWithAProtocolError() {
        Random random = new Random(SEED);
        String message = "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
            + "Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nDELETE=0D=0A\r\n"
            + "--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\nREVMRVRFDQo=\r\n--b--\r\n";
        for (int round = 0; round < ROUNDS; round++) {
            byte[] damaged = damage(message.getBytes(StandardCharsets.US_ASCII), random);
            assertThat(catchThrowable(() -> new MessageBodies().protocolText(new ByteArrayInputStream(damaged))))
                .as("round %d", round)
                .satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(ProtocolException.class));
        }
    }

    /** A copy with one to four bytes changed, or cut short. */
    private static byte[] damage(byte[] original, Random random) {
        byte[] copy = original.clone();
        if (random.nextInt(5) == 0) {
            return java.util.Arrays.copyOf(copy, random.nextInt(copy.length));
        }
        for (int i = 0, changes = 1 + random.nextInt(4); i < changes; i++) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return copy;
    }
}
