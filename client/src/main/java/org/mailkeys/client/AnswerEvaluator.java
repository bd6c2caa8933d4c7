package org.mailkeys.client;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;

import org.mailkeys.protocol.AnswerParser;
import org.mailkeys.protocol.ErrorCode;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.LogProofAnswers;
import org.mailkeys.protocol.MailAddresses;
import org.mailkeys.protocol.MessageBodies;
import org.mailkeys.protocol.ProtocolException;
import org.mailkeys.protocol.PublicKeyPolicy;
import org.mailkeys.protocol.SanitisedKey;
import org.mailkeys.transparency.LogProofBlock;

/**
 * Decides what a received mail means for the pending requests: it belongs to a request when its
 * {@code In-Reply-To} or {@code References} names the request's Message-ID (or, for a bounce, when the bounce
 * quotes it). Its MAC is then checked with the request's K_auth; an answer that does not verify, or does not fit
 * the request, becomes {@link Outcome.Tampered}: nothing of it is used, and it does not settle the request.
 */
public final class AnswerEvaluator {
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");
    private static final Pattern FAILED_ACTION = Pattern.compile("(?im)^Action:\\s*failed\\s*$");

    private final Session session = Session.getInstance(new Properties());
    private final MessageBodies bodies = new MessageBodies();
    private final AnswerParser parser = new AnswerParser();
    private final PublicKeyPolicy keyPolicy = new PublicKeyPolicy();
    private final TransparencyCheck log;
    private final boolean requireTransparency;

    /** Checks no log: every lookup answer is {@code not-offered} (or {@code failed} when it carries a proof). */
    public AnswerEvaluator() {
        this(TransparencyCheck.NONE, false);
    }

    /**
     * @param log checks the proof block of every MAC-verified lookup answer
     * @param requireTransparency use only answers whose log proof is {@code verified} ({@code --require transparency})
     */
    public AnswerEvaluator(TransparencyCheck log, boolean requireTransparency) {
        this.log = Objects.requireNonNull(log);
        this.requireTransparency = requireTransparency;
    }

    /** A mail that belongs to a pending request, and what it says. */
    public static final class Evaluation {
        private final PendingRequest request;
        private final Outcome outcome;

        Evaluation(PendingRequest request, Outcome outcome) {
            this.request = request;
            this.outcome = outcome;
        }

        public PendingRequest request() {
            return request;
        }

        public Outcome outcome() {
            return outcome;
        }

        /**
         * Whether the mail is an answer at all: docs/PROTOCOL.md 3.2 says an answer whose MAC does not verify (a
         * tampered answer, an ERROR without a valid MAC) counts as no answer, so the request keeps waiting for the
         * genuine one, and such a mail is left in the INBOX for the user to inspect. A bounce is no answer either
         * (docs/PROTOCOL.md 6: anyone can forge one).
         */
        public boolean countsAsAnswer() {
            return !(outcome instanceof Outcome.Tampered) && !(outcome instanceof Outcome.ProbablyNotSupported)
                    && !(outcome instanceof Outcome.ServerError && !((Outcome.ServerError) outcome).verified());
        }

        /**
         * The request is settled: forget it. False for what is no answer at all, and for a verified
         * {@code unavailable} error, which the KST retries.
         */
        public boolean settlesRequest() {
            return countsAsAnswer()
                    && !(outcome instanceof Outcome.ServerError
                    && ((Outcome.ServerError) outcome).code().equals(ErrorCode.UNAVAILABLE.wireName()));
        }
    }

    /** Empty when the mail belongs to none of the requests. */
    public Optional<Evaluation> evaluate(byte[] rawMessage, List<PendingRequest> pending) {
        MimeMessage message;
        try {
            message = new MimeMessage(session, new ByteArrayInputStream(rawMessage));
        } catch (MessagingException e) {
            return Optional.empty();
        }
        boolean report = isReport(message);
        Optional<PendingRequest> request = byReplyHeaders(message, pending);
        if (request.isEmpty() && report) {
            request = quotedIn(rawMessage, pending);
        }
        if (request.isEmpty()) {
            return Optional.empty();
        }
        if (report) {
            if (!FAILED_ACTION.matcher(new String(rawMessage, StandardCharsets.ISO_8859_1)).find()) {
                return Optional.empty(); // a delay notice: the request may still be delivered
            }
            // docs/PROTOCOL.md 6: a later bounce is unauthenticated, so it is no answer: the request keeps waiting
            return Optional.of(new Evaluation(request.get(), new Outcome.ProbablyNotSupported(request.get().address(),
                    request.get().messageId(), "the service address bounced (unauthenticated bounce)", request.get().relayed())));
        }
        return Optional.of(new Evaluation(request.get(), judge(rawMessage, request.get())));
    }

    /** What an answer body means for one request: only MAC-verified answers count. */
    Outcome judge(byte[] rawMessage, PendingRequest request) {
        KeyAnswer answer;
        Optional<Proof> proof = Optional.empty();
        try {
            AnswerText text = AnswerText.split(bodies.answerText(new ByteArrayInputStream(rawMessage)));
            answer = parser.parse(text.versionOne());
            if (text.proofBlock().isPresent()) {
                Optional<LogProofBlock> block = LogProofBlock.parse(text.proofBlock().get());
                if (block.isEmpty()) {
                    return tampered(request, "the answer's log proof block does not have the protocol's form");
                }
                proof = Optional.of(new Proof(text.proofBlock().get(), block.get()));
            }
        } catch (ProtocolException e) {
            return tampered(request, "the answer does not have the protocol's form");
        } catch (RuntimeException e) {
            return tampered(request, "the answer could not be read");
        }
        return judge(answer, proof, request);
    }

    /** A version-2 answer's proof block: its text as sent (with LF line ends), which the MAC covers, and its parts. */
    static final class Proof {
        final String text;
        final LogProofBlock block;

        Proof(String text, LogProofBlock block) {
            this.text = text;
            this.block = block;
        }
    }

    Outcome judge(KeyAnswer answer, PendingRequest request) {
        return judge(answer, Optional.empty(), request);
    }

    /**
     * Whether the answer's MAC holds: over the version-1 input alone, or, for a version-2 answer, over that input
     * followed by the proof block (docs/PROTOCOL.md 12), so that nobody on the path can strip or swap the block.
     */
    private static boolean macHolds(KeyAnswer answer, byte[] versionOneInput, Optional<Proof> proof, KAuth kAuth) {
        byte[] input = proof.map(p -> LogProofAnswers.macInput(versionOneInput, p.text)).orElse(versionOneInput);
        return answer.mac().isPresent() && answer.mac().get().verifies(kAuth, input);
    }

    private static byte[] ascii(String statusLine) {
        return statusLine.getBytes(StandardCharsets.US_ASCII);
    }

    Outcome judge(KeyAnswer answer, Optional<Proof> proof, PendingRequest request) {
        String address = request.address();
        boolean relayed = request.relayed();
        KAuth kAuth = request.kAuth();
        Optional<LogProofBlock> block = proof.map(p -> p.block);
        if (answer instanceof KeyAnswer.Error) {
            KeyAnswer.Error error = (KeyAnswer.Error) answer;
            if (error.mac().isPresent() && !macHolds(error, ascii(error.statusLine()), proof, kAuth)) {
                return tampered(request, "the MAC of the ERROR answer does not verify");
            }
            return new Outcome.ServerError(address, error.wireCode(), error.text(), error.mac().isPresent(), relayed);
        }
        switch (request.kind()) {
            case PUBLISH:
                if (answer instanceof KeyAnswer.Confirmation
                        && macHolds(answer, request.sentKeyBytes().get(), proof, kAuth)) {
                    return block.isEmpty() ? new Outcome.Published(address)
                            : ownEntryChecked(new Outcome.Published(address), request.sentKeyBytes().get(), block, request);
                }
                break;
            case DELETE:
                if (answer instanceof KeyAnswer.Deleted && sameAddress(((KeyAnswer.Deleted) answer).address(), address)
                        && macHolds(answer, ascii(((KeyAnswer.Deleted) answer).statusLine()), proof, kAuth)) {
                    return new Outcome.Deleted(address);
                }
                break;
            case LOOKUP:
                if (answer instanceof KeyAnswer.KeyFound
                        && macHolds(answer, ((KeyAnswer.KeyFound) answer).keyBytes(), proof, kAuth)) {
                    byte[] keyBytes = ((KeyAnswer.KeyFound) answer).keyBytes();
                    Outcome usable = usableKey(keyBytes, request);
                    return usable instanceof Outcome.KeyFound ? checkedAgainstLog(usable, Optional.of(keyBytes), block, request)
                            : usable;
                }
                if (answer instanceof KeyAnswer.NotFound && sameAddress(((KeyAnswer.NotFound) answer).address(), address)
                        && macHolds(answer, ascii(((KeyAnswer.NotFound) answer).statusLine()), proof, kAuth)) {
                    return checkedAgainstLog(new Outcome.NotFound(address, relayed), Optional.empty(), block, request);
                }
                break;
            default:
                break;
        }
        return tampered(request, "the answer's MAC does not verify or it does not answer this request");
    }

    /**
     * A version-2 confirmation proves the new entry of the owner's key: checked like a lookup's answer, which also
     * teaches the client the owner's label. A log that contradicts the publication is reported as tampered; the
     * publication itself happened.
     */
    private Outcome ownEntryChecked(Outcome published, byte[] sentKey, Optional<LogProofBlock> block, PendingRequest request) {
        // her key's hash first: the check teaches her watch her label, and the watch must never know the label
        // without the key (it would alert on her own entry); the key is hers whatever the log's proof says
        log.ownKeyConfirmed(request.address(), sentKey);
        TransparencyCheck.Verdict verdict = checkLog(request.address(), Optional.of(sentKey), block);
        if (verdict.tampered()) {
            return tampered(request, "the key was published, but the key log contradicts it: " + verdict.reason())
                    .checkedAgainstLog(verdict.status(), verdict.reason());
        }
        return published.checkedAgainstLog(verdict.status(), verdict.reason());
    }

    /**
     * A MAC-verified lookup answer and its log proof: a proof that fails makes it tampered (nothing used); under
     * {@code --require transparency} anything but {@code verified} makes it {@link Outcome.Unverified}.
     */
    private Outcome checkedAgainstLog(Outcome answer, Optional<byte[]> keyBytes, Optional<LogProofBlock> block,
                                      PendingRequest request) {
        TransparencyCheck.Verdict verdict = checkLog(request.address(), keyBytes, block);
        if (verdict.tampered()) {
            return tampered(request, "the key log contradicts the answer: " + verdict.reason())
                    .checkedAgainstLog(verdict.status(), verdict.reason());
        }
        if (requireTransparency && verdict.status() != Transparency.VERIFIED) {
            return new Outcome.Unverified(request.address(), "--require transparency, and the answer's log proof is "
                    + verdict.status().wireName() + " (" + verdict.reason() + ")", request.relayed())
                    .checkedAgainstLog(verdict.status(), verdict.reason());
        }
        return answer.checkedAgainstLog(verdict.status(), verdict.reason());
    }

    /** Tells the log checks that the owner asked for a deletion (its entry is hers). */
    public void ownDeletionRequested(String address) {
        log.ownDeletionRequested(address);
    }

    /** A check that broke (a bug, a state folder that cannot be read) is no verdict on the provider. */
    private TransparencyCheck.Verdict checkLog(String address, Optional<byte[]> keyBytes, Optional<LogProofBlock> block) {
        try {
            return log.check(address, keyBytes, block);
        } catch (RuntimeException e) {
            return TransparencyCheck.Verdict.unchecked("the log check failed: " + e);
        }
    }

    /** A verified key is used only when it is one public key, self-signed for the queried address. */
    private Outcome usableKey(byte[] keyBytes, PendingRequest request) {
        try {
            SanitisedKey key = keyPolicy.accept(keyBytes, request.address());
            return new Outcome.KeyFound(request.address(), key.keyBytes(), key.fingerprint(), request.relayed());
        } catch (ProtocolException e) {
            return tampered(request, "the provider's key is not usable for " + request.address() + " ("
                    + e.code().wireName() + ": " + e.getMessage() + ")");
        }
    }

    private static Outcome tampered(PendingRequest request, String reason) {
        return new Outcome.Tampered(request.address(), reason, request.relayed());
    }

    private static boolean sameAddress(String a, String b) {
        return MailAddresses.sameMailbox(a, b);
    }

    private static boolean isReport(MimeMessage message) {
        try {
            String type = message.getContentType();
            return type != null && new ContentType(type).match("multipart/report");
        } catch (MessagingException e) {
            return false;
        }
    }

    /** The Message-IDs a mail says it answers. */
    static Set<String> referencedIds(MimeMessage message) {
        Set<String> ids = new LinkedHashSet<>();
        for (String header : new String[] {"In-Reply-To", "References"}) {
            try {
                String[] values = message.getHeader(header);
                if (values != null) {
                    for (String value : values) {
                        Matcher matcher = MESSAGE_ID.matcher(value);
                        while (matcher.find()) {
                            ids.add(matcher.group());
                        }
                    }
                }
            } catch (MessagingException e) {
                // an unreadable header refers to nothing
            }
        }
        return ids;
    }

    private static Optional<PendingRequest> byReplyHeaders(MimeMessage message, List<PendingRequest> pending) {
        Set<String> ids = referencedIds(message);
        return pending.stream().filter(request -> ids.contains(request.messageId())).findFirst();
    }

    private static Optional<PendingRequest> quotedIn(byte[] rawMessage, List<PendingRequest> pending) {
        String text = new String(rawMessage, StandardCharsets.ISO_8859_1);
        return pending.stream().filter(request -> text.contains(request.messageId())).findFirst();
    }

    /** Whether a mail could concern one of the requests, judged from its headers only (saves downloading bodies). */
    public static boolean mayConcern(String inReplyTo, String references, String contentType, List<PendingRequest> pending) {
        String refs = Objects.toString(inReplyTo, "") + " " + Objects.toString(references, "");
        if (pending.stream().anyMatch(request -> refs.contains(request.messageId()))) {
            return true;
        }
        return contentType != null && contentType.toLowerCase(Locale.ROOT).contains("multipart/report");
    }
}
