package org.mailkeys.mailets;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.mailkeys.protocol.LogProofAnswers;

/**
 * Builds an answer (docs/PROTOCOL.md 2.4, 3.2, 4) and hands it to James' spool, like James' VacationMailet: null
 * envelope sender, {@code Auto-Submitted: auto-replied}, {@code In-Reply-To}/{@code References} naming the
 * request's Message-ID. Nothing else of the request is copied.
 *
 * <p>The answer is written once as bytes and handed to {@link MailetContext#sendMail(Mail)} as a Mail whose
 * message source they are: a MimeMessage handed to {@code sendMail(sender, recipients, message)} would be built
 * header by header and then copied whole into a new source, which cost more CPU per request than every check of
 * the key service together (BENCHMARKS.md, "Retrieval and round trip").
 */
final class AnswerMessage {
    /** A msg-id as RFC 5322 writes it; anything else is not echoed, so no header can be injected. */
    private static final Pattern MESSAGE_ID = Pattern.compile("<[\\x21-\\x3B\\x3D\\x3F-\\x7E]{1,250}>");
    /** What a header value written here may hold: printable US-ASCII and space, never CR or LF. */
    private static final Pattern HEADER_TEXT = Pattern.compile("[\\x20-\\x7E]{1,990}");
    /** RFC 5322 3.3 date-time, with a numeric zone. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);
    private static final String CRLF = "\r\n";

    private final MailetContext context;

    AnswerMessage(MailetContext context) {
        this.context = context;
    }

    /**
     * @param request the request; its first recipient (a service address) is the answer's From
     * @param body an answer body written by AnswerWriter: US-ASCII, CRLF line ends
     * @return false, and nothing sent, when an address James took cannot be written in a header (javax.mail
     *         refuses, for example, the quoted local part {@code "a\\"}; a quoted CR, LF, tab or non-ASCII letter
     *         would not stay on one printable line): such a request gets no answer rather than an exception that
     *         would send it to the error repository on every retry
     */
    boolean send(Mail request, MailAddress to, String subject, String body) throws MessagingException {
        return send(request, to, subject, body, false);
    }

    /**
     * @param version2 a version 2 answer (docs/PROTOCOL.md 12): UTF-8 in 8bit, and the {@code MailKeys-Version: 2}
     *                 header; otherwise US-ASCII in 7bit, byte for byte the version 1 answer
     */
    boolean send(Mail request, MailAddress to, String subject, String body, boolean version2)
        throws MessagingException {
        MailAddress serviceAddress = request.getRecipients().iterator().next();
        Optional<String> from = headerText(serviceAddress);
        Optional<String> recipient = headerText(to);
        if (from.isEmpty() || recipient.isEmpty()) {
            return false;
        }
        StringBuilder text = new StringBuilder(512 + body.length());
        header(text, "Date", DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
        header(text, "From", from.get());
        header(text, "To", recipient.get());
        header(text, "Message-ID", newMessageId(serviceAddress));
        header(text, "Subject", subject);
        header(text, "Auto-Submitted", "auto-replied");
        Optional<String> requestId = requestMessageId(request);
        if (requestId.isPresent()) {
            header(text, "In-Reply-To", requestId.get());
            header(text, "References", requestId.get());
        }
        header(text, "MIME-Version", "1.0");
        if (version2) {
            header(text, LogProofAnswers.VERSION_HEADER, LogProofAnswers.VERSION_2);
            header(text, "Content-Type", "text/plain; charset=utf-8");
            header(text, "Content-Transfer-Encoding", "8bit");
        } else {
            header(text, "Content-Type", "text/plain; charset=us-ascii");
            header(text, "Content-Transfer-Encoding", "7bit");
        }
        text.append(CRLF).append(body);

        String name = MailImpl.getId();
        MailImpl answer = MailImpl.builder()
            .name(name)
            .sender(MailAddress.nullSender())
            .addRecipient(to)
            .build();
        answer.setMessageContent(new AnswerSource(name, text.toString().getBytes(
            version2 ? StandardCharsets.UTF_8 : StandardCharsets.US_ASCII)));
        context.sendMail(answer);
        return true;
    }

    static Optional<String> requestMessageId(Mail request) throws MessagingException {
        return Optional.ofNullable(request.getMessage().getMessageID())
            .map(String::trim)
            .filter(id -> MESSAGE_ID.matcher(id).matches());
    }

    /**
     * The address as javax.mail writes it in a header (quoted where RFC 5322 needs it); empty when javax.mail
     * refuses it or its text is not printable US-ASCII on one line.
     */
    private static Optional<String> headerText(MailAddress address) {
        return address.toInternetAddress()
            .map(InternetAddress::toString)
            .filter(text -> HEADER_TEXT.matcher(text).matches());
    }

    /**
     * RFC 5322 3.6.4: unique (126 random bits), its right side the service's own domain (nothing of the host James
     * runs on).
     */
    private static String newMessageId(MailAddress serviceAddress) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "<" + sixteenHexDigits(random.nextLong()) + sixteenHexDigits(random.nextLong()) + ".keys@"
            + serviceAddress.getDomain().asString() + ">";
    }

    /** 63 random bits as 16 hex digits (the top bit set so none is left out): String.format cost more than the rest. */
    private static String sixteenHexDigits(long random) {
        return Long.toHexString(random | Long.MIN_VALUE);
    }

    private static void header(StringBuilder text, String name, String value) {
        text.append(name).append(": ").append(value).append(CRLF);
    }
}
