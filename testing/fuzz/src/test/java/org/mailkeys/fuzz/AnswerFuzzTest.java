package org.mailkeys.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.mailkeys.client.AnswerEvaluator;
import org.mailkeys.client.PendingRequest;
import org.mailkeys.client.RequestKind;
import org.mailkeys.protocol.KAuth;

/**
 * The client's answer parser and evaluator (docs/PROTOCOL.md 3.2, 4, 6) over any mail: it never throws, and since the
 * fuzzer does not know the request's K_auth, no mail may ever count as an answer (a key, NOT-FOUND, a confirmation,
 * DELETED or a verified ERROR); a bounce is only "probably not supported" (docs/PROTOCOL.md 6). The mail is read
 * against a pending request of each kind whose Message-ID is the one the mail names in In-Reply-To, so that the
 * fuzzer reaches the MAC checks. Seeds: the answer corpus.
 */
class AnswerFuzzTest {
    private static final Pattern IN_REPLY_TO = Pattern.compile("(?i)In-Reply-To:\\s*(<[^<>\\s]{1,200}>)");
    private static final KAuth UNKNOWN_TO_THE_FUZZER = KAuth.generate();
    private static final byte[] SENT_KEY = {(byte) 0x98, 0x33, 0x04};
    private static final AnswerEvaluator EVALUATOR = new AnswerEvaluator();

    @FuzzTest(maxDuration = FuzzBudget.IN_THE_BUILD)
    void noMailWithoutTheRightKAuthShouldCountAsAVerifiedAnswer(byte[] mail) {
        check(mail);
    }

    /** Entry point of the Jazzer command line for long runs (README: "Fuzzing"). */
    public static void fuzzerTestOneInput(byte[] mail) {
        check(mail);
    }

    static void check(byte[] mail) {
        Matcher named = IN_REPLY_TO.matcher(new String(mail, StandardCharsets.ISO_8859_1));
        String messageId = named.find() ? named.group(1) : "<request@client.acme.test>";
        for (RequestKind kind : RequestKind.values()) {
            PendingRequest request = new PendingRequest(messageId, kind, "alice@example.net", "bob@acme.test", UNKNOWN_TO_THE_FUZZER,
                Instant.EPOCH, false, kind == RequestKind.PUBLISH ? Optional.of(SENT_KEY) : Optional.empty());
            Optional<AnswerEvaluator.Evaluation> evaluation = EVALUATOR.evaluate(mail, List.of(request));
            if (evaluation.isPresent() && evaluation.get().countsAsAnswer()) {
                throw new IllegalStateException("a mail without the request's K_auth counted as a verified answer: "
                    + evaluation.get().outcome().describe());
            }
        }
    }
}
