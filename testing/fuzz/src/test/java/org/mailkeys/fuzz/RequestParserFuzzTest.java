package org.mailkeys.fuzz;

import java.io.ByteArrayInputStream;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.mailkeys.protocol.KeyRequest;
import org.mailkeys.protocol.MessageBodies;
import org.mailkeys.protocol.ProtocolException;
import org.mailkeys.protocol.PublicKeyPolicy;
import org.mailkeys.protocol.RequestParser;

/**
 * What the KST does with a mail a stranger sent to keys@ (docs/PROTOCOL.md 1, 2.1, 3.1): extract the protocol text, parse
 * it as a request, apply the key policy to a publication's key. Every input must end in a request or a
 * {@link ProtocolException} that names an error code; any other exception is a finding (in James it would send the
 * request to the error repository instead of answering it). Seeds: the KST corpus.
 */
class RequestParserFuzzTest {
    private static final MessageBodies BODIES = new MessageBodies();
    private static final RequestParser PARSER = new RequestParser();
    private static final PublicKeyPolicy POLICY = new PublicKeyPolicy();

    @FuzzTest(maxDuration = FuzzBudget.IN_THE_BUILD)
    void anyMailShouldBeParsedOrRefusedWithAProtocolError(byte[] mail) {
        check(mail);
    }

    /** Entry point of the Jazzer command line for long runs (README: "Fuzzing"). */
    public static void fuzzerTestOneInput(byte[] mail) {
        check(mail);
    }

    static void check(byte[] mail) {
        try {
            KeyRequest request = PARSER.parse(BODIES.protocolText(new ByteArrayInputStream(mail)));
            if (request instanceof KeyRequest.Publication) {
                POLICY.accept(((KeyRequest.Publication) request).keyBytes(), "alice@example.net");
            }
        } catch (ProtocolException refused) {
            Findings.requireCode(refused);
        }
    }
}
