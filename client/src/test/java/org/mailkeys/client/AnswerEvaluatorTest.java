package org.mailkeys.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mailkeys.protocol.ErrorCode;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.Mac;
import org.mailkeys.protocol.ThreadCpuTime;
import org.mailkeys.testing.KeyFixtures;

class AnswerEvaluatorTest {
    private static final byte[] KEY = KeyFixtures.keyBytes(KeyFixtures.ALICE);
    private final AnswerEvaluator evaluator = new AnswerEvaluator();
    private final KAuth kAuth = KAuth.generate();

    private PendingRequest request(RequestKind kind, String address) {
        return new PendingRequest("<req-1@acme.net>", kind, address, "bob@acme.net", kAuth, Instant.now(), false,
                kind == RequestKind.PUBLISH ? Optional.of(KEY) : Optional.empty());
    }

    private Mac macOver(String statusLine) {
        return kAuth.macOver(statusLine);
    }

    @Test
    void aKeyWhoseMacVerifiesShouldBeFound() {
        Outcome outcome = evaluator.judge(new KeyAnswer.KeyFound(KEY, kAuth.macOver(KEY)), request(RequestKind.LOOKUP, "alice@example.net"));

        assertThat(outcome).isInstanceOf(Outcome.KeyFound.class);
        assertThat(((Outcome.KeyFound) outcome).keyBytes()).containsExactly(KEY);
    }

    @Test
    void aVerifiedKeyWithoutAUserIdForTheQueriedAddressShouldNotBeUsed() {
        Outcome outcome = evaluator.judge(new KeyAnswer.KeyFound(KEY, kAuth.macOver(KEY)), request(RequestKind.LOOKUP, "carol@example.net"));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Tampered.class,
                tampered -> assertThat(tampered.reason()).contains("address-mismatch"));
    }

    @Test
    void aVerifiedKeyOffTheAlgorithmListShouldBeRefusedInMilliseconds() throws Exception {
        byte[] hostile = org.mailkeys.protocol.HostileKeys.dsa(16_384, 16_384, 3, "Alice <alice@example.net>");

        KeyAnswer answer = new KeyAnswer.KeyFound(hostile, kAuth.macOver(hostile));
        PendingRequest lookup = request(RequestKind.LOOKUP, "alice@example.net");

        // CPU time of this thread, not the wall clock: verifying the key's junk signatures costs seconds of CPU
        Outcome outcome = ThreadCpuTime.atMost(java.time.Duration.ofSeconds(1), () -> evaluator.judge(answer, lookup));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Tampered.class,
                tampered -> assertThat(tampered.reason()).contains("bad-key").contains("DSA"));
    }

    @Test
    void aFoundKeyShouldComeWithItsFingerprint() {
        Outcome outcome = evaluator.judge(new KeyAnswer.KeyFound(KEY, kAuth.macOver(KEY)), request(RequestKind.LOOKUP, "Alice@Example.net"));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.KeyFound.class,
                found -> assertThat(found.fingerprint()).matches("[0-9A-F]{40}"));
    }

    @Test
    void aTamperedKeyShouldBeReportedAsTamperedAndCarryNoKey() {
        byte[] changed = KEY.clone();
        changed[changed.length - 3] ^= 1;

        Outcome outcome = evaluator.judge(new KeyAnswer.KeyFound(changed, kAuth.macOver(KEY)), request(RequestKind.LOOKUP, "alice@example.net"));

        assertThat(outcome).isInstanceOf(Outcome.Tampered.class);
    }

    @Test
    void aKeyMacMadeWithAnotherSecretShouldNotVerify() {
        Outcome outcome = evaluator.judge(new KeyAnswer.KeyFound(KEY, KAuth.generate().macOver(KEY)),
                request(RequestKind.LOOKUP, "alice@example.net"));

        assertThat(outcome).isInstanceOf(Outcome.Tampered.class);
    }

    @Test
    void aVerifiedNotFoundShouldBeNotFound() {
        Outcome outcome = evaluator.judge(new KeyAnswer.NotFound("alice@example.net", macOver("NOT-FOUND alice@example.net")),
                request(RequestKind.LOOKUP, "alice@example.net"));

        assertThat(outcome).isInstanceOf(Outcome.NotFound.class);
    }

    @Test
    void aNotFoundWithAWrongMacShouldBeTamperedNeverNotFound() {
        Outcome outcome = evaluator.judge(new KeyAnswer.NotFound("alice@example.net", KAuth.generate().macOver("NOT-FOUND alice@example.net")),
                request(RequestKind.LOOKUP, "alice@example.net"));

        assertThat(outcome).isInstanceOf(Outcome.Tampered.class);
    }

    @Test
    void aNotFoundForAnotherAddressShouldBeTamperedEvenWithAValidMac() {
        Outcome outcome = evaluator.judge(new KeyAnswer.NotFound("carol@example.net", macOver("NOT-FOUND carol@example.net")),
                request(RequestKind.LOOKUP, "alice@example.net"));

        assertThat(outcome).isInstanceOf(Outcome.Tampered.class);
    }

    @Test
    void anErrorWithoutMacShouldBeAnUnverifiedServerErrorAndNotNotFound() {
        Outcome outcome = evaluator.judge(new KeyAnswer.Error("ERROR not-local example.net is not hosted here",
                Optional.of(ErrorCode.NOT_LOCAL), Optional.empty()), request(RequestKind.LOOKUP, "alice@example.net"));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.ServerError.class, error -> {
            assertThat(error.verified()).isFalse();
            assertThat(error.code()).isEqualTo("not-local");
            assertThat(error.text()).isEqualTo("example.net is not hosted here");
        });
    }

    @Test
    void anErrorWithAValidMacShouldBeAVerifiedServerError() {
        String line = "ERROR address-mismatch no user ID with bob@acme.net";
        Outcome outcome = evaluator.judge(new KeyAnswer.Error(line, Optional.of(ErrorCode.ADDRESS_MISMATCH), Optional.of(macOver(line))),
                request(RequestKind.PUBLISH, "bob@acme.net"));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.ServerError.class, error -> {
            assertThat(error.verified()).isTrue();
            assertThat(error.code()).isEqualTo("address-mismatch");
        });
    }

    @Test
    void anErrorWithAWrongMacShouldBeTampered() {
        String line = "ERROR rate-limited slow down";
        Outcome outcome = evaluator.judge(new KeyAnswer.Error(line, Optional.of(ErrorCode.RATE_LIMITED),
                Optional.of(macOver("ERROR rate-limited other text"))), request(RequestKind.LOOKUP, "alice@example.net"));

        assertThat(outcome).isInstanceOf(Outcome.Tampered.class);
    }

    @Test
    void aConfirmationOverTheSentKeyShouldMeanPublished() {
        Outcome outcome = evaluator.judge(new KeyAnswer.Confirmation(kAuth.macOver(KEY)), request(RequestKind.PUBLISH, "bob@acme.net"));

        assertThat(outcome).isInstanceOf(Outcome.Published.class);
    }

    @Test
    void aConfirmationOverAnotherKeyShouldBeTampered() {
        Outcome outcome = evaluator.judge(new KeyAnswer.Confirmation(kAuth.macOver(new byte[] {1, 2})),
                request(RequestKind.PUBLISH, "bob@acme.net"));

        assertThat(outcome).isInstanceOf(Outcome.Tampered.class);
    }

    @Test
    void aVerifiedDeletedShouldMeanDeleted() {
        Outcome outcome = evaluator.judge(new KeyAnswer.Deleted("bob@acme.net", macOver("DELETED bob@acme.net")),
                request(RequestKind.DELETE, "bob@acme.net"));

        assertThat(outcome).isInstanceOf(Outcome.Deleted.class);
    }

    @Test
    void anAnswerOfTheWrongKindShouldBeTamperedEvenIfItsMacVerifies() {
        Outcome outcome = evaluator.judge(new KeyAnswer.KeyFound(KEY, kAuth.macOver(KEY)), request(RequestKind.DELETE, "bob@acme.net"));

        assertThat(outcome).isInstanceOf(Outcome.Tampered.class);
    }

    @Test
    void aVerifiedUnavailableErrorShouldKeepTheRequestPending() {
        String line = "ERROR unavailable try later";
        PendingRequest request = request(RequestKind.LOOKUP, "alice@example.net");
        Outcome outcome = evaluator.judge(new KeyAnswer.Error(line, Optional.of(ErrorCode.UNAVAILABLE), Optional.of(macOver(line))), request);

        AnswerEvaluator.Evaluation evaluation = new AnswerEvaluator.Evaluation(request, outcome);

        assertThat(evaluation.settlesRequest()).isFalse();
        assertThat(evaluation.countsAsAnswer()).isTrue();
    }

    @Test
    void aTamperedAnswerShouldBeNoAnswerAtAll() {
        PendingRequest request = request(RequestKind.LOOKUP, "alice@example.net");
        AnswerEvaluator.Evaluation evaluation = new AnswerEvaluator.Evaluation(request, new Outcome.Tampered("alice@example.net", "x", false));

        assertThat(evaluation.countsAsAnswer()).isFalse();
        assertThat(evaluation.settlesRequest()).isFalse();
    }

    @Test
    void aMailThatRefersToNoPendingRequestShouldBeIgnored() {
        String mail = "From: keys@example.net\r\nTo: bob@acme.net\r\nIn-Reply-To: <other@acme.net>\r\nSubject: Re: Key request\r\n"
                + "\r\nNOT-FOUND alice@example.net\r\n" + macOver("NOT-FOUND alice@example.net").toBase64() + "\r\n";

        assertThat(evaluator.evaluate(mail.getBytes(StandardCharsets.US_ASCII), List.of(request(RequestKind.LOOKUP, "alice@example.net"))))
                .isEmpty();
    }

    @Test
    void aBounceQuotingTheRequestShouldOnlyMeanProbablyNotSupportedAndKeepTheRequestPending() {
        String bounce = "From: MAILER-DAEMON@acme.net\r\nTo: bob@acme.net\r\nSubject: Undelivered\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nYour mail could not be delivered.\r\n"
                + "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.acme.net\r\n\r\n"
                + "Final-Recipient: rfc822; keys@example.net\r\nAction: failed\r\nStatus: 5.1.1\r\n"
                + "--b\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <req-1@acme.net>\r\nTo: keys@example.net\r\n"
                + "--b--\r\n";

        Optional<AnswerEvaluator.Evaluation> evaluation = evaluator.evaluate(bounce.getBytes(StandardCharsets.US_ASCII),
                List.of(request(RequestKind.LOOKUP, "alice@example.net")));

        // docs/PROTOCOL.md 6: anyone on the path can forge a bounce; only an RCPT refusal means "not supported"
        assertThat(evaluation).hasValueSatisfying(found -> {
            assertThat(found.outcome()).isInstanceOf(Outcome.ProbablyNotSupported.class);
            assertThat(found.countsAsAnswer()).isFalse();
            assertThat(found.settlesRequest()).isFalse();
        });
    }

    @Test
    void aDelayNoticeShouldNotSettleTheRequest() {
        String delay = "From: MAILER-DAEMON@acme.net\r\nTo: bob@acme.net\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n"
                + "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.acme.net\r\n\r\n"
                + "Final-Recipient: rfc822; keys@example.net\r\nAction: delayed\r\nStatus: 4.4.1\r\n"
                + "--b\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <req-1@acme.net>\r\n--b--\r\n";

        assertThat(evaluator.evaluate(delay.getBytes(StandardCharsets.US_ASCII), List.of(request(RequestKind.LOOKUP, "alice@example.net"))))
                .isEmpty();
    }

    @Test
    void headersAloneShouldTellWhichMailsMayConcernARequest() {
        List<PendingRequest> pending = List.of(request(RequestKind.LOOKUP, "alice@example.net"));

        assertThat(AnswerEvaluator.mayConcern("<req-1@acme.net>", null, "text/plain", pending)).isTrue();
        assertThat(AnswerEvaluator.mayConcern(null, "<x@y> <req-1@acme.net>", "text/plain", pending)).isTrue();
        assertThat(AnswerEvaluator.mayConcern(null, null, "multipart/report; report-type=delivery-status", pending)).isTrue();
        assertThat(AnswerEvaluator.mayConcern("<other@acme.net>", null, "text/plain", pending)).isFalse();
    }
}
