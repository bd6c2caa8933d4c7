package org.mailkeys.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.PublicKeyArmor;
import org.mailkeys.testing.KeyFixtures;

/** Whole answer mails, as they arrive in the INBOX, through the protocol module's body extraction and parser. */
class AnswerMatchingTest {
    private static final byte[] KEY = KeyFixtures.keyBytes(KeyFixtures.ALICE);
    private final AnswerEvaluator evaluator = new AnswerEvaluator();
    private final KAuth kAuth = KAuth.generate();
    private final PendingRequest lookup = new PendingRequest("<req-7@acme.net>", RequestKind.LOOKUP, "alice@example.net",
            "bob@acme.net", kAuth, Instant.now(), false, Optional.empty());
    private final PendingRequest other = new PendingRequest("<req-8@acme.net>", RequestKind.LOOKUP, "carol@example.net",
            "bob@acme.net", KAuth.generate(), Instant.now(), false, Optional.empty());

    private static byte[] answer(String header, String body) {
        return ("From: keys@example.net\r\nTo: bob@acme.net\r\nSubject: Re: Key request\r\nAuto-Submitted: auto-replied\r\n"
                + header + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" + body)
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static String armored(byte[] key) {
        return PublicKeyArmor.armor(key);
    }

    @Test
    void anAnswerShouldBeMatchedByInReplyToAndVerified() {
        byte[] mail = answer("In-Reply-To: <req-7@acme.net>", armored(KEY) + kAuth.macOver(KEY).toBase64() + "\r\n");

        Optional<AnswerEvaluator.Evaluation> evaluation = evaluator.evaluate(mail, List.of(other, lookup));

        assertThat(evaluation).hasValueSatisfying(found -> {
            assertThat(found.request().messageId()).isEqualTo("<req-7@acme.net>");
            assertThat(found.outcome()).isInstanceOf(Outcome.KeyFound.class);
        });
    }

    @Test
    void anAnswerShouldBeMatchedByReferencesToo() {
        String status = "NOT-FOUND alice@example.net";
        byte[] mail = answer("References: <first@acme.net> <req-7@acme.net>", status + "\r\n" + kAuth.macOver(status).toBase64() + "\r\n");

        assertThat(evaluator.evaluate(mail, List.of(lookup)))
                .hasValueSatisfying(found -> assertThat(found.outcome()).isInstanceOf(Outcome.NotFound.class));
    }

    @Test
    void aKeyChangedOnTheWayShouldBeTampered() {
        byte[] changed = KEY.clone();
        changed[2] ^= 0x10;
        byte[] mail = answer("In-Reply-To: <req-7@acme.net>", armored(changed) + kAuth.macOver(KEY).toBase64() + "\r\n");

        assertThat(evaluator.evaluate(mail, List.of(lookup)))
                .hasValueSatisfying(found -> assertThat(found.outcome()).isInstanceOf(Outcome.Tampered.class));
    }

    @Test
    void aNotFoundWithAForgedMacShouldBeTampered() {
        String status = "NOT-FOUND alice@example.net";
        byte[] forged = new byte[32];
        byte[] mail = answer("In-Reply-To: <req-7@acme.net>", status + "\r\n" + Base64.getEncoder().encodeToString(forged) + "\r\n");

        assertThat(evaluator.evaluate(mail, List.of(lookup)))
                .hasValueSatisfying(found -> assertThat(found.outcome()).isInstanceOf(Outcome.Tampered.class));
    }

    @Test
    void anErrorWithoutMacShouldBeReportedUnverified() {
        byte[] mail = answer("In-Reply-To: <req-7@acme.net>", "ERROR malformed the request had no usable K_auth\r\n");

        assertThat(evaluator.evaluate(mail, List.of(lookup))).hasValueSatisfying(found ->
                assertThat(found.outcome()).isInstanceOfSatisfying(Outcome.ServerError.class,
                        error -> assertThat(error.verified()).isFalse()));
    }

    @Test
    void garbageInReplyToARequestShouldBeTampered() {
        byte[] mail = answer("In-Reply-To: <req-7@acme.net>", "Hello, here is the key you wanted!\r\n");

        assertThat(evaluator.evaluate(mail, List.of(lookup)))
                .hasValueSatisfying(found -> assertThat(found.outcome()).isInstanceOf(Outcome.Tampered.class));
    }
}
