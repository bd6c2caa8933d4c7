package org.mailkeys.benchmarks;

import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.RequestWriter;
import org.mailkeys.testing.TestMessages;

/** A mail prepared before the clock starts: envelope, raw text, its Message-ID and the K_auth of a request (or null). */
public final class OutgoingMail {
    static final String PEER = "peer@elsewhere.example";
    private static final String PLAIN_BODY = plainBody();

    private final String sender;
    private final String recipient;
    private final String raw;
    private final String messageId;
    private final KAuth kAuth;

    OutgoingMail(String sender, String recipient, TestMessages message, KAuth kAuth) {
        this.sender = sender;
        this.recipient = recipient;
        this.raw = message.raw();
        this.messageId = message.messageId();
        this.kAuth = kAuth;
    }

    /** About 1.5 KB of ordinary mail from another provider to a local user: the baseline. */
    public static OutgoingMail plain(String recipient, int number) {
        TestMessages message = TestMessages.message(PEER, recipient, "Plain mail " + number).withBody(PLAIN_BODY);
        return new OutgoingMail(PEER, recipient, message, null);
    }

    /**
     * The same plain mail from {@link BenchmarkJames#TWO_PASS_SENDER}: James resends it as a new mail through its
     * spool before delivering it, the shape of a key answer's path (request's pass, then the answer's). It names an
     * earlier mail in In-Reply-To and References as a key answer names its request (docs/PROTOCOL.md), so that James'
     * per-delivery work on those headers (the memory server's thread-id search) weighs on both sides alike.
     */
    public static OutgoingMail twoPass(String recipient, int number) {
        String earlier = "<" + java.util.UUID.randomUUID() + "@elsewhere.example>";
        TestMessages message = TestMessages.message(BenchmarkJames.TWO_PASS_SENDER, recipient, "Plain mail " + number)
            .withHeader("In-Reply-To", earlier).withHeader("References", earlier).withBody(PLAIN_BODY);
        return new OutgoingMail(BenchmarkJames.TWO_PASS_SENDER, recipient, message, null);
    }

    /**
     * A plain mail of an account to itself whose body is as long as {@code sizeOf}'s (a key publication's): James'
     * submission path without the KST. Its From is the account's own, so the shipped transport processor adds the
     * account's Autocrypt header to it (one key store read), a small extra cost on this side only.
     */
    public static OutgoingMail plainOfSize(String account, OutgoingMail sizeOf) {
        String line = PLAIN_BODY.substring(0, PLAIN_BODY.indexOf('\n') + 1);
        int bodyLength = sizeOf.raw().length() - sizeOf.raw().indexOf("\r\n\r\n") - 4;
        String body = String.join("", java.util.Collections.nCopies(bodyLength / (line.length() + 1), line)); // CRLF on the wire
        TestMessages message = TestMessages.message(account, account, "Plain mail").withBody(body);
        return new OutgoingMail(account, account, message, null);
    }

    /** A retrieval request from a local user to keys@ for the queried address, with a fresh K_auth. */
    public static OutgoingMail retrieval(String requester, String queried) {
        KAuth kAuth = KAuth.generate();
        TestMessages message = TestMessages.message(requester, BenchmarkJames.SERVICE, "Key request")
            .withBody(new RequestWriter().retrieval(queried, kAuth));
        return new OutgoingMail(requester, BenchmarkJames.SERVICE, message, kAuth);
    }

    /** A publication as a MUA sends it: the armored key as is, then the K_auth line. */
    public static OutgoingMail publication(String account, String armoredKey) {
        KAuth kAuth = KAuth.generate();
        TestMessages message = TestMessages.message(account, BenchmarkJames.SERVICE, "Key publication")
            .withBody(armoredKey.stripTrailing() + "\n" + kAuth.toBase64() + "\n");
        return new OutgoingMail(account, BenchmarkJames.SERVICE, message, kAuth);
    }

    /** The same publication asking for version 2 (docs/PROTOCOL.md 12): its confirmation waits for the key log. */
    public static OutgoingMail publicationVersion2(String account, String armoredKey) {
        KAuth kAuth = KAuth.generate();
        TestMessages message = TestMessages.message(account, BenchmarkJames.SERVICE, "Key publication")
            .withHeader("MailKeys-Version", "2")
            .withBody(armoredKey.stripTrailing() + "\n" + kAuth.toBase64() + "\n");
        return new OutgoingMail(account, BenchmarkJames.SERVICE, message, kAuth);
    }

    public String sender() {
        return sender;
    }

    public String recipient() {
        return recipient;
    }

    public String raw() {
        return raw;
    }

    public String messageId() {
        return messageId;
    }

    public KAuth kAuth() {
        return kAuth;
    }

    /** About 1.5 KB with the headers TestMessages adds: 18 lines of text. */
    private static String plainBody() {
        String line = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiu";
        return String.join("\n", java.util.Collections.nCopies(18, line)) + "\n";
    }
}
