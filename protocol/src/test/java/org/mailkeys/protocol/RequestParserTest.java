package org.mailkeys.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class RequestParserTest {
    private static final KAuth K_AUTH = KAuth.of(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
        31, 32});
    private static final String K_AUTH_LINE = K_AUTH.toBase64();
    private static final String ALICE_ARMOR = Fixtures.text("/keys/alice.asc");

    private final RequestParser parser = new RequestParser();

    @Test
    void parseShouldReadAPublicationWithCrlfLines() throws Exception {
        KeyRequest request = parser.parse(crlf(ALICE_ARMOR + K_AUTH_LINE + "\n"));

        assertThat(request).isInstanceOf(KeyRequest.Publication.class);
        assertThat(((KeyRequest.Publication) request).keyBytes()).isEqualTo(Fixtures.keyBytes("alice.asc"));
        assertThat(request.kAuth()).isEqualTo(K_AUTH);
    }

    @Test
    void parseShouldReadAPublicationWithLfLines() throws Exception {
        KeyRequest request = parser.parse(ALICE_ARMOR + K_AUTH_LINE + "\n");

        assertThat(((KeyRequest.Publication) request).keyBytes()).isEqualTo(Fixtures.keyBytes("alice.asc"));
    }

    @Test
    void parseShouldIgnoreTrailingWhiteSpaceAndBlankLinesAroundParts() throws Exception {
        String body = "\r\n \r\n" + crlf(ALICE_ARMOR).replace("\r\n", " \t\r\n") + "\r\n\r\n" + K_AUTH_LINE
            + "  \r\n\r\n\t\r\n";

        KeyRequest request = parser.parse(body);

        assertThat(((KeyRequest.Publication) request).keyBytes()).isEqualTo(Fixtures.keyBytes("alice.asc"));
        assertThat(request.kAuth()).isEqualTo(K_AUTH);
    }

    @Test
    void parseShouldReadAPublicationWithoutTheFinalLineEnd() throws Exception {
        assertThat(parser.parse(ALICE_ARMOR + K_AUTH_LINE)).isInstanceOf(KeyRequest.Publication.class);
    }

    @Test
    void parseShouldIgnoreArmorHeadersForTheKeyBytes() throws Exception {
        String withHeaders = ALICE_ARMOR.replace("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n",
            "-----BEGIN PGP PUBLIC KEY BLOCK-----\nVersion: Something 1.0\nComment: alice@example.net\n\n");

        KeyRequest request = parser.parse(withHeaders + K_AUTH_LINE);

        assertThat(((KeyRequest.Publication) request).keyBytes()).isEqualTo(Fixtures.keyBytes("alice.asc"));
    }

    @Test
    void parseShouldReadArmorRewrappedToOtherLineLengths() throws Exception {
        String rewrapped = PublicKeyArmorTest.rewrap(ALICE_ARMOR, 40);

        KeyRequest request = parser.parse(rewrapped + K_AUTH_LINE);

        assertThat(((KeyRequest.Publication) request).keyBytes()).isEqualTo(Fixtures.keyBytes("alice.asc"));
    }

    @Test
    void parseShouldReadADeletion() throws Exception {
        KeyRequest request = parser.parse("DELETE\r\n" + K_AUTH_LINE + "\r\n");

        assertThat(request).isInstanceOf(KeyRequest.Deletion.class);
        assertThat(request.kAuth()).isEqualTo(K_AUTH);
    }

    @Test
    void parseShouldReadARetrieval() throws Exception {
        KeyRequest request = parser.parse("\nalice@example.net \n\n" + K_AUTH_LINE + "\n");

        assertThat(request).isInstanceOf(KeyRequest.Retrieval.class);
        assertThat(((KeyRequest.Retrieval) request).queriedAddress()).isEqualTo("alice@example.net");
        assertThat(request.kAuth()).isEqualTo(K_AUTH);
    }

    @Test
    void parseShouldRejectTwoKeyBlocks() {
        String carol = Fixtures.text("/keys/carol-rsa3072.asc");

        assertRejected(() -> parser.parse(ALICE_ARMOR + carol + K_AUTH_LINE), ErrorCode.MALFORMED, true);
    }

    @Test
    void parseShouldRejectBrokenBase64InTheArmor() {
        String broken = ALICE_ARMOR.replaceFirst("\n\n(.)", "\n\n!");

        assertRejected(() -> parser.parse(broken + K_AUTH_LINE), ErrorCode.MALFORMED, true);
    }

    @Test
    void parseShouldRejectArmorWithAMissingBase64Character() {
        String[] lines = ALICE_ARMOR.split("\n");
        lines[3] = lines[3].substring(1);

        assertRejected(() -> parser.parse(String.join("\n", lines) + "\n" + K_AUTH_LINE), ErrorCode.MALFORMED, true);
    }

    /** docs/PROTOCOL.md 1 (key bytes ignore the CRC line) and RFC 9580 section 6.1 (MUST NOT reject on a CRC mismatch). */
    @Test
    void parseShouldIgnoreAWrongCrc() throws Exception {
        String wrongCrc = ALICE_ARMOR.replaceFirst("\n=(....)\n", "\n=AAAA\n");

        assertThat(wrongCrc).isNotEqualTo(ALICE_ARMOR);
        KeyRequest request = parser.parse(wrongCrc + K_AUTH_LINE);
        assertThat(request).isInstanceOf(KeyRequest.Publication.class);
        assertThat(((KeyRequest.Publication) request).keyBytes()).isEqualTo(PublicKeyArmor.keyBytes(ALICE_ARMOR));
    }

    @Test
    void parseShouldRejectABlankLineInsideTheArmorData() {
        String[] lines = ALICE_ARMOR.split("\n");
        lines[3] = lines[3] + "\n";

        assertRejected(() -> parser.parse(String.join("\n", lines) + "\n" + K_AUTH_LINE), ErrorCode.MALFORMED, true);
    }

    @Test
    void parseShouldRejectAnArmorWithoutItsEndLine() {
        String unterminated = ALICE_ARMOR.replace("-----END PGP PUBLIC KEY BLOCK-----\n", "");

        assertRejected(() -> parser.parse(unterminated + K_AUTH_LINE), ErrorCode.MALFORMED, true);
    }

    @Test
    void parseShouldRejectAnotherKindOfArmor() {
        String message = ALICE_ARMOR.replace("PUBLIC KEY BLOCK", "MESSAGE");

        assertRejected(() -> parser.parse(message + K_AUTH_LINE), ErrorCode.MALFORMED, true);
    }

    @Test
    void parseShouldRejectAKAuthOf31Bytes() {
        String short31 = Base64.getEncoder().encodeToString(new byte[31]);

        assertRejected(() -> parser.parse("DELETE\n" + short31), ErrorCode.MALFORMED, false);
        assertRejected(() -> parser.parse(ALICE_ARMOR + short31), ErrorCode.MALFORMED, false);
    }

    @Test
    void parseShouldRejectAKAuthOf33Bytes() {
        String long33 = Base64.getEncoder().encodeToString(new byte[33]);

        assertRejected(() -> parser.parse("DELETE\n" + long33), ErrorCode.MALFORMED, false);
    }

    @Test
    void parseShouldRejectAKAuthInBrokenBase64() {
        String broken = "!" + K_AUTH_LINE.substring(1);
        String strayBits = K_AUTH_LINE.substring(0, 42) + "B=";

        assertRejected(() -> parser.parse("DELETE\n" + broken), ErrorCode.MALFORMED, false);
        assertRejected(() -> parser.parse("DELETE\n" + strayBits), ErrorCode.MALFORMED, false);
        assertRejected(() -> parser.parse("DELETE\n" + K_AUTH_LINE.replace("=", "")), ErrorCode.MALFORMED, false);
    }

    @Test
    void parseShouldRejectAPrivateKeyBlockAsSecretKey() {
        String secret = Fixtures.text("/keys/alice-secret.asc");

        assertRejected(() -> parser.parse(secret + K_AUTH_LINE), ErrorCode.SECRET_KEY, true);
    }

    @Test
    void parseShouldRejectSecretKeyPacketsInAPublicKeyBlock() {
        String secret = Fixtures.text("/keys/alice-secret-in-public-armor.asc");

        assertRejected(() -> parser.parse(secret + K_AUTH_LINE), ErrorCode.SECRET_KEY, true);
    }

    @Test
    void parseShouldRejectAPrivateKeyBlockEvenWithoutKAuth() {
        String secret = Fixtures.text("/keys/alice-secret.asc");

        assertRejected(() -> parser.parse(secret), ErrorCode.SECRET_KEY, false);
    }

    @Test
    void parseShouldAnswerNoKeyForAKAuthLineAlone() {
        assertRejected(() -> parser.parse("\r\n" + K_AUTH_LINE + "\r\n"), ErrorCode.NO_KEY, true);
    }

    @Test
    void parseShouldRejectAMissingKAuth() {
        assertRejected(() -> parser.parse(ALICE_ARMOR), ErrorCode.MALFORMED, false);
        assertRejected(() -> parser.parse("DELETE\n"), ErrorCode.MALFORMED, false);
        assertRejected(() -> parser.parse("alice@example.net\n"), ErrorCode.MALFORMED, false);
        assertRejected(() -> parser.parse(""), ErrorCode.MALFORMED, false);
    }

    @Test
    void parseShouldRejectExtraLinesButKeepTheKAuthForTheAnswer() {
        assertRejected(() -> parser.parse(ALICE_ARMOR + K_AUTH_LINE + "\nthanks!\n"), ErrorCode.MALFORMED, true);
        assertRejected(() -> parser.parse("Hello\n" + ALICE_ARMOR + K_AUTH_LINE), ErrorCode.MALFORMED, true);
        assertRejected(() -> parser.parse("DELETE\nplease\n" + K_AUTH_LINE), ErrorCode.MALFORMED, true);
        assertRejected(() -> parser.parse("alice@example.net\nbob@example.net\n" + K_AUTH_LINE), ErrorCode.MALFORMED,
            true);
    }

    @Test
    void parseShouldRejectTwoKAuthLines() {
        assertRejected(() -> parser.parse("DELETE\n" + K_AUTH_LINE + "\n" + K_AUTH_LINE), ErrorCode.MALFORMED, true);
    }

    @Test
    void parseShouldRejectImplausibleAddresses() {
        for (String address : new String[] {"alice", "alice@", "@example.net", "alice@@example.net",
            "alice bob@example.net", "<alice@example.net>", "Alice <alice@example.net>", "alice@example.net,bob@acme.net",
            "alice@-example.net", "alice@example..net", ".alice@example.net", "alice@[127.0.0.1]",
            "a".repeat(65) + "@example.net", "alice@" + "d".repeat(63) + "." + "e".repeat(63) + "." + "f".repeat(63)
                + "." + "g".repeat(63) + ".net", "alice@" + "d".repeat(64) + ".net", "delete"}) {
            assertRejected(() -> parser.parse(address + "\n" + K_AUTH_LINE), ErrorCode.MALFORMED, true);
        }
    }

    @Test
    void parseShouldRejectNonAsciiAndControlCharacters() {
        assertRejected(() -> parser.parse("älice@example.net\n" + K_AUTH_LINE), ErrorCode.MALFORMED, true);
        assertRejected(() -> parser.parse("alice@example.net\u0000\n" + K_AUTH_LINE), ErrorCode.MALFORMED, true);
        assertRejected(() -> parser.parse("DELETE\r" + K_AUTH_LINE), ErrorCode.MALFORMED, false);
    }

    @Test
    void parseShouldRejectLeadingWhiteSpace() {
        assertRejected(() -> parser.parse(" DELETE\n" + K_AUTH_LINE), ErrorCode.MALFORMED, true);
    }

    @Test
    void exceptionsShouldNotRepeatBodyTextOrKAuth() {
        assertThatThrownBy(() -> parser.parse("alice bob@example.net\n" + K_AUTH_LINE))
            .hasMessageNotContaining("alice")
            .hasMessageNotContaining(K_AUTH_LINE.substring(0, 10));
    }

    private static void assertRejected(ThrowingCallable parse, ErrorCode code, boolean carriesKAuth) {
        assertThatThrownBy(parse).isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.kAuth()).isEqualTo(carriesKAuth ? Optional.of(K_AUTH) : Optional.empty());
        });
    }

    static String crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n");
    }
}
