package org.mailkeys.mailets;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.MailetContext;
import org.mailkeys.protocol.ProtocolException;
import org.mailkeys.protocol.WksEncryption;
import org.mailkeys.protocol.WksKeyPair;
import org.mailkeys.protocol.WksText;

/**
 * The two mails the Web Key Service sends, as gpg-wks-server (GnuPG 2.2) writes them, so that gpg-wks-client and the
 * mail programs built on it read them (draft-koch-openpgp-webkey-service sections 4.4 and 4.6):
 * <ul>
 *   <li>the confirmation request: {@code Wks-Phase: confirm}, a {@code multipart/signed} body (RFC 3156 section 5,
 *   signed by the submission key's signing subkey) around a {@code multipart/mixed} of a text for people and the
 *   {@code application/vnd.gnupg.wks} part encrypted to the submitted key;</li>
 *   <li>the publication notice: {@code Wks-Phase: done}, a {@code multipart/encrypted} body (RFC 3156 section 4) with
 *   a short text, encrypted to the published key.</li>
 * </ul>
 * Both go from the submission address to the account's address only, with a null envelope sender and
 * {@code Auto-Submitted: auto-replied}, through James' spool.
 */
final class WksMails {
    static final String DRAFT_VERSION = "3";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);
    private static final String CRLF = "\r\n";
    private static final String CONFIRM_TEXT = String.join(CRLF,
        "This message has been sent to confirm your request",
        "to publish your key.  If you did not request a key",
        "publication, simply ignore this message.",
        "",
        "Most mail software can handle this kind of message",
        "automatically and thus you would not have seen this",
        "message.  It seems that your client does not fully",
        "support this service.  The web page",
        "",
        "       https://gnupg.org/faq/wkd.html",
        "",
        "explains how you can process this message anyway in",
        "a few manual steps.", "");

    private final MailetContext context;
    private final WksEncryption encryption;
    private final SecureRandom random;

    WksMails(MailetContext context, SecureRandom random) {
        this.context = context;
        this.random = random;
        this.encryption = new WksEncryption(random);
    }

    /** The confirmation request for a pending submission, to the account. */
    void confirmationRequest(WksKeyPair submissionKey, MailAddress account, String fingerprint, String nonce,
                             byte[] submittedKey) throws MessagingException, ProtocolException {
        String sender = submissionKey.userId();
        String encrypted = encryption.encrypt(WksText.confirmationRequest(sender, account.asString(), fingerprint, nonce)
            .getBytes(StandardCharsets.UTF_8), submittedKey);
        String outer = boundary();
        String inner = boundary();
        String signedPart = "Content-Type: multipart/mixed;" + CRLF
            + "\tboundary=\"" + inner + "\"" + CRLF
            + CRLF
            + CRLF
            + "--" + inner + CRLF
            + "Content-Type: text/plain" + CRLF
            + CRLF
            + CONFIRM_TEXT
            + CRLF
            + "--" + inner + CRLF
            + "Content-Type: application/vnd.gnupg.wks" + CRLF
            + CRLF
            + crlf(encrypted)
            + CRLF
            + "--" + inner + "--" + CRLF;
        String signature = encryption.signDetached(signedPart.getBytes(StandardCharsets.US_ASCII), submissionKey);
        String body = CRLF
            + "--" + outer + CRLF
            + signedPart
            + CRLF
            + "--" + outer + CRLF
            + "Content-Type: application/pgp-signature" + CRLF
            + CRLF
            + crlf(signature)
            + CRLF
            + "--" + outer + "--" + CRLF;
        send(sender, account, "Confirm your key publication", "confirm",
            "multipart/signed; protocol=\"application/pgp-signature\"; micalg=pgp-sha256;" + CRLF
                + "\tboundary=\"" + outer + "\"", body);
    }

    /** The notice that the key is published, encrypted to it. */
    void published(String submissionAddress, MailAddress account, byte[] publishedKey)
        throws MessagingException, ProtocolException {
        String text = "Content-Type: text/plain; charset=utf-8" + CRLF
            + "Content-Transfer-Encoding: 8bit" + CRLF
            + CRLF
            + "Hello!" + CRLF
            + CRLF
            + "The key for your address '" + account.asString() + "' has been published" + CRLF
            + "and can now be retrieved from the Web Key Directory." + CRLF;
        String encrypted = encryption.encrypt(text.getBytes(StandardCharsets.UTF_8), publishedKey);
        String outer = boundary();
        String body = CRLF
            + "--" + outer + CRLF
            + "Content-Type: application/pgp-encrypted" + CRLF
            + CRLF
            + "Version: 1" + CRLF
            + CRLF
            + "--" + outer + CRLF
            + "Content-Type: application/octet-stream" + CRLF
            + CRLF
            + crlf(encrypted)
            + CRLF
            + "--" + outer + "--" + CRLF;
        send(submissionAddress, account, "Your key has been published", "done",
            "multipart/encrypted; protocol=\"application/pgp-encrypted\";" + CRLF
                + "\tboundary=\"" + outer + "\"", body);
    }

    private void send(String from, MailAddress to, String subject, String phase, String contentType, String body)
        throws MessagingException {
        String domain = to.getDomain().asString();
        String text = "From: " + from + CRLF
            + "To: " + to.asString() + CRLF
            + "Subject: " + subject + CRLF
            + "Wks-Draft-Version: " + DRAFT_VERSION + CRLF
            + "Wks-Phase: " + phase + CRLF
            + "Auto-Submitted: auto-replied" + CRLF
            + "Message-ID: <" + boundary() + ".wks@" + domain + ">" + CRLF
            + "Date: " + DATE.format(ZonedDateTime.now(ZoneOffset.UTC)) + CRLF
            + "MIME-Version: 1.0" + CRLF
            + "Content-Type: " + contentType + CRLF
            + CRLF
            + body;
        String name = MailImpl.getId();
        MailImpl mail = MailImpl.builder()
            .name(name)
            .sender(MailAddress.nullSender())
            .addRecipient(to)
            .build();
        mail.setMessageContent(new AnswerSource(name, text.getBytes(StandardCharsets.US_ASCII)));
        context.sendMail(mail);
    }

    /** Armored text as Bouncy Castle writes it (LF or CRLF) with CRLF line ends, ending in one CRLF. */
    private static String crlf(String armored) {
        return armored.replace("\r\n", "\n").stripTrailing().replace("\n", CRLF) + CRLF;
    }

    private String boundary() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        StringBuilder text = new StringBuilder("=-=");
        for (byte b : bytes) {
            text.append(String.format("%02x", b));
        }
        return text.append("=-=").toString();
    }
}
