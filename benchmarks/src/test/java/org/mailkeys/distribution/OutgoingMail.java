package org.mailkeys.distribution;

import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.RequestWriter;
import org.mailkeys.testing.TestMessages;

/** A mail prepared before the clock starts: envelope, raw text, its Message-ID and the K_auth of a request (or null). */
public final class OutgoingMail {
    private static final String PEER = "peer@elsewhere.example";
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
