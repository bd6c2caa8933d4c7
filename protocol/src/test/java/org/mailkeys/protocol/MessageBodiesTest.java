package org.mailkeys.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class MessageBodiesTest {
    private static final KAuth K_AUTH = KAuth.generate();
    private static final String PUBLICATION = new RequestWriter().publication(Fixtures.keyBytes("alice.asc"), K_AUTH);
    private static final String HEADERS = "From: alice@example.net\r\nTo: keys@example.net\r\n"
        + "Subject: Key publication\r\nMessage-ID: <1@example.net>\r\nMIME-Version: 1.0\r\n";

    private final MessageBodies bodies = new MessageBodies();
    private final RequestParser parser = new RequestParser();

    @Test
    void protocolTextShouldReadASevenBitTextBody() throws Exception {
        String message = HEADERS + "Content-Type: text/plain; charset=us-ascii\r\n\r\n" + PUBLICATION;

        assertPublication(message);
    }

    @Test
    void protocolTextShouldReadABodyWithoutContentTypeAsText() throws Exception {
        assertThat(bodies.protocolText(stream(HEADERS + "\r\nDELETE\r\n" + K_AUTH.toBase64() + "\r\n")))
            .isEqualTo("DELETE\r\n" + K_AUTH.toBase64() + "\r\n");
    }

    @Test
    void protocolTextShouldReadAnLfOnlyMessage() throws Exception {
        String message = (HEADERS + "Content-Type: text/plain\r\n\r\n").replace("\r\n", "\n")
            + PUBLICATION.replace("\r\n", "\n");

        assertPublication(message);
    }

    @Test
    void protocolTextShouldDecodeQuotedPrintable() throws Exception {
        String body = PUBLICATION.replace("=", "=3D").replace("-----END", "-----E=\r\nND");
        String message = HEADERS + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + body;

        assertPublication(message);
    }

    @Test
    void protocolTextShouldDecodeBase64() throws Exception {
        String body = Base64.getMimeEncoder().encodeToString(PUBLICATION.getBytes(StandardCharsets.US_ASCII));
        String message = HEADERS + "Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n" + body
            + "\r\n";

        assertPublication(message);
    }

    @Test
    void protocolTextShouldTakeTheFirstTextPartOfMultipartMixed() throws Exception {
        String message = HEADERS + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
            + "This is a multi-part message in MIME format.\r\n"
            + "--b1\r\nContent-Type: text/html\r\n\r\n<p>not this</p>\r\n"
            + "--b1\r\nContent-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
            + PUBLICATION
            + "--b1\r\nContent-Type: text/plain\r\n\r\nnot this either\r\n"
            + "--b1\r\nContent-Type: application/pgp-keys\r\n\r\n" + Fixtures.text("/keys/carol-rsa3072.asc")
            + "--b1--\r\n";

        assertPublication(message);
    }

    @Test
    void protocolTextShouldTakeTheTextPartOfMultipartSigned() throws Exception {
        String message = HEADERS + "Content-Type: multipart/signed; micalg=pgp-sha256;\r\n"
            + " protocol=\"application/pgp-signature\"; boundary=\"s1\"\r\n\r\n"
            + "--s1\r\nContent-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + PUBLICATION.replace("=", "=3D")
            + "--s1\r\nContent-Type: application/pgp-signature; name=\"signature.asc\"\r\n\r\n"
            + "-----BEGIN PGP SIGNATURE-----\r\n\r\niHUEARYIAB0WIQQ=\r\n-----END PGP SIGNATURE-----\r\n"
            + "--s1--\r\n";

        assertPublication(message);
    }

    @Test
    void protocolTextShouldFindTheTextInMixedInsideSigned() throws Exception {
        String message = HEADERS + "Content-Type: multipart/signed; protocol=\"application/pgp-signature\";"
            + " boundary=\"s1\"\r\n\r\n"
            + "--s1\r\nContent-Type: multipart/mixed; boundary=\"m1\"\r\n\r\n"
            + "--m1\r\nContent-Type: text/plain\r\n\r\n" + PUBLICATION
            + "--m1--\r\n"
            + "--s1\r\nContent-Type: application/pgp-signature\r\n\r\nsignature\r\n"
            + "--s1--\r\n";

        assertPublication(message);
    }

    @Test
    void protocolTextShouldIgnoreTextInsideAlternativeParts() {
        String message = HEADERS + "Content-Type: multipart/mixed; boundary=\"m1\"\r\n\r\n"
            + "--m1\r\nContent-Type: multipart/alternative; boundary=\"a1\"\r\n\r\n"
            + "--a1\r\nContent-Type: text/plain\r\n\r\n" + PUBLICATION
            + "--a1--\r\n"
            + "--m1--\r\n";

        assertRejected(message, ErrorCode.MALFORMED);
    }

    @Test
    void protocolTextShouldIgnoreTextInsideAnAttachedMessage() {
        String message = HEADERS + "Content-Type: multipart/mixed; boundary=\"m1\"\r\n\r\n"
            + "--m1\r\nContent-Type: message/rfc822\r\n\r\n"
            + "Subject: inner\r\nContent-Type: text/plain\r\n\r\n" + PUBLICATION
            + "--m1--\r\n";

        assertRejected(message, ErrorCode.MALFORMED);
    }

    @Test
    void protocolTextShouldRejectOtherTopLevelTypes() {
        assertRejected(HEADERS + "Content-Type: text/html\r\n\r\n<p>" + PUBLICATION, ErrorCode.MALFORMED);
        assertRejected(HEADERS + "Content-Type: application/pgp-keys\r\n\r\n" + PUBLICATION, ErrorCode.MALFORMED);
        assertRejected(HEADERS + "Content-Type: multipart/alternative; boundary=\"a\"\r\n\r\n--a\r\n"
            + "Content-Type: text/plain\r\n\r\n" + PUBLICATION + "--a--\r\n", ErrorCode.MALFORMED);
        assertRejected(HEADERS + "Content-Type: multipart/report; boundary=\"a\"\r\n\r\n--a\r\n"
            + "Content-Type: text/plain\r\n\r\n" + PUBLICATION + "--a--\r\n", ErrorCode.MALFORMED);
    }

    @Test
    void protocolTextShouldRejectAMultipartWithoutTextPart() {
        assertRejected(HEADERS + "Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n--m\r\n"
            + "Content-Type: application/pgp-keys\r\n\r\n" + PUBLICATION + "--m--\r\n", ErrorCode.MALFORMED);
    }

    @Test
    void protocolTextShouldRejectNonAsciiText() {
        byte[] latin = (HEADERS + "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + "b\u00f6b@example.net\r\n").getBytes(StandardCharsets.ISO_8859_1);
        String qpUtf8 = HEADERS + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable"
            + "\r\n\r\nb=C3=B6b@example.net\r\n";

        assertThat(catchThrowable(() -> bodies.protocolText(new ByteArrayInputStream(latin))))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED));
        assertRejected(qpUtf8, ErrorCode.MALFORMED);
    }

    @Test
    void protocolTextShouldRejectBrokenTransferEncodings() {
        assertRejected(HEADERS + "Content-Transfer-Encoding: base64\r\n\r\nREVMRVRF!!!\r\n", ErrorCode.MALFORMED);
        assertRejected(HEADERS + "Content-Transfer-Encoding: quoted-printable\r\n\r\nDELETE=ZZ\r\n", ErrorCode.MALFORMED);
        assertRejected(HEADERS + "Content-Transfer-Encoding: x-uuencode\r\n\r\nbegin 644 x\r\n", ErrorCode.MALFORMED);
    }

    @Test
    void protocolTextShouldRefuseAHugeText() {
        String message = HEADERS + "\r\n" + ("x".repeat(998) + "\r\n").repeat(1100);

        assertRejected(message, ErrorCode.TOO_LARGE);
    }

    @Test
    void protocolTextShouldRejectAHugeHeaderLine() {
        String message = "Subject: " + "x".repeat(200_000) + "\r\n\r\nDELETE\r\n";

        assertRejected(message, ErrorCode.MALFORMED);
    }

    @Test
    void answerTextShouldReadUtf8ButRequestsStayAscii() throws Exception {
        String note = "\u2014 example.net/mailkeys-log AAAA\r\n";
        byte[] message = (HEADERS + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + note).getBytes(StandardCharsets.UTF_8);

        assertThat(bodies.answerText(new ByteArrayInputStream(message))).isEqualTo(note);
        assertThat(catchThrowable(() -> bodies.protocolText(new ByteArrayInputStream(message))))
            .isInstanceOf(ProtocolException.class);
    }

    @Test
    void answerTextShouldRefuseInvalidUtf8() {
        byte[] head = (HEADERS + "Content-Type: text/plain; charset=utf-8\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] message = java.util.Arrays.copyOf(head, head.length + 3);
        message[head.length] = (byte) 0xc3; // a lead byte without its continuation
        message[head.length + 1] = '\r';
        message[head.length + 2] = '\n';

        assertThat(catchThrowable(() -> bodies.answerText(new ByteArrayInputStream(message))))
            .isInstanceOf(ProtocolException.class).hasMessageContaining("UTF-8");
    }

    private void assertPublication(String message) throws Exception {
        String text = bodies.protocolText(stream(message));

        KeyRequest request = parser.parse(text);

        assertThat(request).isInstanceOf(KeyRequest.Publication.class);
        assertThat(((KeyRequest.Publication) request).keyBytes()).isEqualTo(Fixtures.keyBytes("alice.asc"));
        assertThat(request.kAuth()).isEqualTo(K_AUTH);
    }

    private void assertRejected(String message, ErrorCode code) {
        assertThat(catchThrowable(() -> bodies.protocolText(stream(message))))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private static ByteArrayInputStream stream(String message) {
        return new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII));
    }
}
