package org.mailkeys.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnswersTest {
    private static final KAuth K_AUTH = KAuth.generate();
    private static final byte[] ALICE = Fixtures.keyBytes("alice.asc");

    private final AnswerWriter writer = new AnswerWriter();
    private final AnswerParser parser = new AnswerParser();

    @Test
    void everyAnswerShouldUseCrlfOnlyAndNoTrailingWhiteSpace() {
        for (String body : new String[] {writer.confirmation(ALICE, K_AUTH),
            writer.deleted("alice@example.net", K_AUTH),
            writer.keyFound(ALICE, K_AUTH), writer.notFound("bob@example.net", K_AUTH),
            writer.error(ErrorCode.MALFORMED, "not a request", Optional.of(K_AUTH)),
            writer.error(ErrorCode.RATE_LIMITED, "", Optional.empty())}) {
            assertThat(body).endsWith("\r\n");
            assertThat(body.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
            assertThat(body).doesNotContain(" \r\n").doesNotContain("\t");
            assertThat(body.chars()).allMatch(c -> c < 0x7F);
        }
    }

    @Test
    void keyFoundShouldRoundTripWithTheMacOverKeyBytes() throws Exception {
        KeyAnswer answer = parser.parse(writer.keyFound(ALICE, K_AUTH));

        assertThat(answer).isInstanceOfSatisfying(KeyAnswer.KeyFound.class, found -> {
            assertThat(found.keyBytes()).isEqualTo(ALICE);
            assertThat(found.verifies(K_AUTH)).isTrue();
        });
    }

    @Test
    void parserShouldAcceptLfAndTrailingWhiteSpaceAndBlankLines() throws Exception {
        String lf = writer.notFound("bob@example.net", K_AUTH).replace("\r\n", "  \n\n");

        KeyAnswer answer = parser.parse("\n" + lf);

        assertThat(answer).isInstanceOfSatisfying(KeyAnswer.NotFound.class, notFound -> {
            assertThat(notFound.address()).isEqualTo("bob@example.net");
            assertThat(notFound.verifies(K_AUTH)).isTrue();
        });
    }

    @Test
    void deletedShouldRoundTrip() throws Exception {
        KeyAnswer answer = parser.parse(writer.deleted("alice@example.net", K_AUTH));

        assertThat(answer).isInstanceOfSatisfying(KeyAnswer.Deleted.class, deleted -> {
            assertThat(deleted.address()).isEqualTo("alice@example.net");
            assertThat(deleted.verifies(K_AUTH)).isTrue();
        });
    }

    @Test
    void aNotFoundMadeFromAKeyFoundShouldNotVerify() throws Exception {
        String keyFound = writer.keyFound(ALICE, K_AUTH);
        String macLine = keyFound.substring(keyFound.lastIndexOf("-----\r\n") + 7);

        KeyAnswer forged = parser.parse("NOT-FOUND alice@example.net\r\n" + macLine);

        assertThat(((KeyAnswer.NotFound) forged).verifies(K_AUTH)).isFalse();
    }

    @Test
    void errorWithoutKAuthShouldHaveNoMacLine() throws Exception {
        String body = writer.error(ErrorCode.MALFORMED, "not a request", Optional.empty());

        assertThat(body).isEqualTo("ERROR malformed not a request\r\n");
        KeyAnswer.Error answer = (KeyAnswer.Error) parser.parse(body);
        assertThat(answer.code()).contains(ErrorCode.MALFORMED);
        assertThat(answer.mac()).isEmpty();
        assertThat(answer.verifies(K_AUTH)).isFalse();
    }

    @Test
    void errorWithKAuthShouldRoundTrip() throws Exception {
        KeyAnswer.Error answer = (KeyAnswer.Error) parser.parse(
            writer.error(ErrorCode.ADDRESS_MISMATCH, "no user ID for your address", Optional.of(K_AUTH)));

        assertThat(answer.statusLine()).isEqualTo("ERROR address-mismatch no user ID for your address");
        assertThat(answer.code()).contains(ErrorCode.ADDRESS_MISMATCH);
        assertThat(answer.verifies(K_AUTH)).isTrue();
    }

    @Test
    void errorShouldKeepItsStatusLineOnOneAsciiLine() {
        String body = writer.error(ErrorCode.UNAVAILABLE, "store\r\ndown \u00e9 ", Optional.empty());

        assertThat(body).isEqualTo("ERROR unavailable store  down ?\r\n");
    }

    @Test
    void errorWithoutTextShouldHaveNoTrailingSpace() throws Exception {
        String body = writer.error(ErrorCode.RATE_LIMITED, null, Optional.of(K_AUTH));

        assertThat(body).startsWith("ERROR rate-limited\r\n");
        assertThat(((KeyAnswer.Error) parser.parse(body)).verifies(K_AUTH)).isTrue();
    }

    @Test
    void parserShouldKeepAnUnknownErrorCodeAsEmpty() throws Exception {
        KeyAnswer.Error answer = (KeyAnswer.Error) parser.parse("ERROR from-the-future something\r\n");

        assertThat(answer.code()).isEmpty();
        assertThat(answer.statusLine()).isEqualTo("ERROR from-the-future something");
    }

    @Test
    void parserShouldRejectWhatIsNotAnAnswer() {
        String mac = K_AUTH.macOver("x").toBase64();
        for (String body : new String[] {"", "hello", "FOUND alice@example.net\r\n" + mac,
            "NOT-FOUND alice@example.net\r\n" + mac + "\r\nmore", "NOT-FOUND not-an-address\r\n" + mac,
            "DELETED alice@example.net\r\n" + mac.substring(1), mac + "\r\n" + mac,
            Fixtures.text("/keys/alice.asc") + Fixtures.text("/keys/carol-rsa3072.asc") + mac,
            Fixtures.text("/keys/alice.asc"), "ERROR\r\n"}) {
            assertThat(catchThrowable(() -> parser.parse(body))).as(body)
                .isInstanceOfSatisfying(ProtocolException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED));
        }
    }

    @Test
    void writerShouldRefuseAnImplausibleAddress() {
        assertThatThrownBy(() -> writer.notFound("bob@example.net\r\nfake", K_AUTH))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.deleted("", K_AUTH)).isInstanceOf(IllegalArgumentException.class);
    }
}
