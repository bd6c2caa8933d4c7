package org.mailkeys.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;

/**
 * Finds the protocol text in a raw RFC 5322 message (docs/PROTOCOL.md section 1): a text/plain body in 7bit,
 * quoted-printable or base64, or the first text/plain part of multipart/mixed or multipart/signed.
 *
 * <p>The message is read as a stream of MIME tokens and nothing is kept but the one text part, so a large message
 * costs no memory: lines are limited, nesting is limited to {@value #MAX_DEPTH} multipart levels, and the text
 * itself to {@value #MAX_TEXT_BYTES} bytes (callers check the message size before this anyway). 8bit is accepted
 * like 7bit, since the text must be US-ASCII either way. Other parts, nested messages and multipart/alternative are
 * ignored; a top-level body that is neither text/plain nor multipart/mixed or multipart/signed is MALFORMED.
 */
public final class MessageBodies {
    /** The largest protocol text read, decoded; more is TOO_LARGE. */
    public static final int MAX_TEXT_BYTES = 1024 * 1024;
    static final int MAX_DEPTH = 4;
    private static final MimeConfig CONFIG = new MimeConfig.Builder()
        .setMaxLineLen(100_000)
        .setMaxHeaderCount(1_000)
        .setMaxHeaderLen(100_000)
        .build();

    /** Whether an entity may hold the protocol text, and whether it is a multipart whose parts may. */
    private static final class Entity {
        private final boolean eligible;
        private boolean container;

        private Entity(boolean eligible) {
            this.eligible = eligible;
        }
    }

    /**
     * @throws ProtocolException MALFORMED when there is no such text part, it is not US-ASCII or its transfer
     *         encoding is broken; TOO_LARGE when the text is over {@link #MAX_TEXT_BYTES}
     */
    public String protocolText(InputStream rawMessage) throws ProtocolException {
        return text(rawMessage, false);
    }

    /**
     * The text of an answer, which may be UTF-8: a version-2 answer's proof block holds signed notes, whose signature
     * lines begin with U+2014 (docs/PROTOCOL.md, version 2). Invalid UTF-8 is MALFORMED; otherwise as
     * {@link #protocolText}.
     */
    public String answerText(InputStream rawMessage) throws ProtocolException {
        return text(rawMessage, true);
    }

    private String text(InputStream rawMessage, boolean utf8) throws ProtocolException {
        MimeTokenStream tokens = new MimeTokenStream(CONFIG, DecodeMonitor.SILENT, null);
        tokens.setRecursionMode(RecursionMode.M_NO_RECURSE);
        tokens.parse(rawMessage);
        Deque<Entity> entities = new ArrayDeque<>();
        try {
            for (EntityState state = tokens.getState(); state != EntityState.T_END_OF_STREAM; state = tokens.next()) {
                switch (state) {
                    case T_START_MESSAGE:
                        entities.push(new Entity(true));
                        break;
                    case T_START_BODYPART:
                        Entity parent = entities.peek();
                        entities.push(new Entity(parent.eligible && parent.container && entities.size() <= MAX_DEPTH));
                        break;
                    case T_END_BODYPART:
                        entities.pop();
                        break;
                    case T_START_MULTIPART:
                        startMultipart(entities, tokens.getBodyDescriptor());
                        break;
                    case T_BODY:
                        Optional<String> text = body(entities, tokens, utf8);
                        if (text.isPresent()) {
                            return text.get();
                        }
                        break;
                    default:
                        break;
                }
            }
        } catch (IOException | MimeException e) {
            throw ProtocolException.malformed("the message does not parse as MIME");
        }
        throw ProtocolException.malformed("no text/plain part");
    }

    private static void startMultipart(Deque<Entity> entities, BodyDescriptor descriptor) throws ProtocolException {
        Entity entity = entities.peek();
        String type = descriptor.getMimeType().toLowerCase(Locale.ROOT);
        entity.container = entity.eligible && (type.equals("multipart/mixed") || type.equals("multipart/signed"));
        if (entities.size() == 1 && !entity.container) {
            throw ProtocolException.malformed(
                "a multipart message that is neither multipart/mixed nor multipart/signed");
        }
    }

    private static Optional<String> body(Deque<Entity> entities, MimeTokenStream tokens, boolean utf8)
        throws ProtocolException, IOException {
        Entity entity = entities.peek();
        boolean plainText = "text/plain".equalsIgnoreCase(tokens.getBodyDescriptor().getMimeType());
        if (entity.eligible && plainText) {
            byte[] decoded = decodedText(tokens);
            return Optional.of(utf8 ? utf8Text(decoded) : asciiText(decoded));
        }
        if (entities.size() == 1) {
            throw ProtocolException.malformed("a message body that is not text/plain");
        }
        return Optional.empty();
    }

    private static byte[] decodedText(MimeTokenStream tokens) throws ProtocolException, IOException {
        String encoding = tokens.getBodyDescriptor().getTransferEncoding().toLowerCase(Locale.ROOT);
        InputStream raw = tokens.getInputStream();
        switch (encoding) {
            case "7bit":
            case "8bit":
                return limited(raw, MAX_TEXT_BYTES);
            case "quoted-printable":
                // an escape is 3 bytes for 1: the raw text may be 3 times the limit
                byte[] decoded = QuotedPrintable.decode(limited(raw, 3 * MAX_TEXT_BYTES));
                if (decoded.length > MAX_TEXT_BYTES) {
                    throw tooLarge();
                }
                return decoded;
            case "base64":
                return limited(new Base64InputStream(raw, DecodeMonitor.STRICT), MAX_TEXT_BYTES);
            default:
                throw ProtocolException.malformed("a transfer encoding other than 7bit, quoted-printable and base64");
        }
    }

    private static byte[] limited(InputStream in, int limit) throws ProtocolException, IOException {
        byte[] bytes = in.readNBytes(limit + 1);
        if (bytes.length > limit) {
            throw tooLarge();
        }
        return bytes;
    }

    private static String asciiText(byte[] bytes) throws ProtocolException {
        for (byte b : bytes) {
            if (b < 0) {
                throw ProtocolException.malformed("the text part is not US-ASCII");
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static String utf8Text(byte[] bytes) throws ProtocolException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ProtocolException.malformed("the text part is not UTF-8");
        }
    }

    private static ProtocolException tooLarge() {
        return ProtocolException.tooLarge("the text part is too large");
    }
}
