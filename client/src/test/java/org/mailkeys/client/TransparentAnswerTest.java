package org.mailkeys.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.PublicKeyArmor;
import org.mailkeys.testing.KeyFixtures;
import org.mailkeys.transparency.LogProofBlock;

/** A version-2 answer mail read and judged whole: its proof block, its transparency, --require transparency. */
class TransparentAnswerTest {
    private static final String ALICE = "alice@example.net";
    private static final byte[] KEY = KeyFixtures.keyBytes(KeyFixtures.ALICE);

    @TempDir
    Path state;

    private final KAuth kAuth = KAuth.generate();
    private final LogFixture log = new LogFixture();

    private AnswerEvaluator evaluator(boolean requireTransparency) {
        LogState logState = new LogState(state.resolve("log"), Clock.systemUTC());
        return new AnswerEvaluator(new LogProofChecker(new LogKeyPins(log, logState, Optional.empty()), logState, log),
                requireTransparency);
    }

    private PendingRequest lookup() {
        return new PendingRequest("<req-1@acme.net>", RequestKind.LOOKUP, ALICE, "bob@acme.net", kAuth, Instant.now(),
                false, Optional.empty());
    }

    private byte[] answerMail(String body) {
        String mail = "From: keys@example.net\r\nTo: bob@acme.net\r\nIn-Reply-To: <req-1@acme.net>\r\n"
                + "Subject: Key answer\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n" + body.replace("\n", "\r\n").replace("\r\r\n", "\r\n");
        return mail.getBytes(StandardCharsets.UTF_8);
    }

    private String keyFoundBody(LogProofBlock block) {
        return PublicKeyArmor.armor(KEY) + kAuth.macOver(KEY).toBase64() + "\r\n" + block.text();
    }

    @Test
    void aVersionTwoAnswerWhoseProofHoldsIsAVerifiedKey() {
        long index = log.publish(ALICE, KEY);

        Outcome outcome = evaluator(true).judge(answerMail(keyFoundBody(log.block(ALICE, index))), lookup());

        assertThat(outcome).isInstanceOf(Outcome.KeyFound.class);
        assertThat(outcome.transparency()).contains(Transparency.VERIFIED);
    }

    @Test
    void theMacLineMayAlsoFollowTheProofBlock() {
        long index = log.publish(ALICE, KEY);
        String body = PublicKeyArmor.armor(KEY) + log.block(ALICE, index).text() + "\n" + kAuth.macOver(KEY).toBase64() + "\n";

        Outcome outcome = evaluator(false).judge(answerMail(body), lookup());

        assertThat(outcome.transparency()).contains(Transparency.VERIFIED);
    }

    @Test
    void aKeyThatIsNotInTheLogIsTamperedAndCarriesNoKey() {
        long index = log.publish(ALICE, "the key Alice published".getBytes(StandardCharsets.US_ASCII));

        Outcome outcome = evaluator(false).judge(answerMail(keyFoundBody(log.block(ALICE, index))), lookup());

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Tampered.class,
                tampered -> assertThat(tampered.reason()).contains("key log").contains("another key"));
        assertThat(outcome.transparency()).contains(Transparency.FAILED);
    }

    @Test
    void aMalformedProofBlockIsTampered() {
        String body = PublicKeyArmor.armor(KEY) + kAuth.macOver(KEY).toBase64() + "\n" + LogProofBlock.HEADER + "\nvrf x\n";

        assertThat(evaluator(false).judge(answerMail(body), lookup())).isInstanceOf(Outcome.Tampered.class);
    }

    @Test
    void aVersionOneAnswerIsNotOfferedAndStillUsed() {
        Outcome outcome = evaluator(false).judge(new KeyAnswer.KeyFound(KEY, kAuth.macOver(KEY)), lookup());

        assertThat(outcome).isInstanceOf(Outcome.KeyFound.class);
        assertThat(outcome.transparency()).contains(Transparency.NOT_OFFERED);
    }

    @Test
    void requireTransparencyRefusesAVersionOneAnswer() {
        Outcome outcome = evaluator(true).judge(new KeyAnswer.KeyFound(KEY, kAuth.macOver(KEY)), lookup());

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Unverified.class,
                unverified -> assertThat(unverified.reason()).contains("--require transparency").contains("not-offered"));
        assertThat(outcome.transparency()).contains(Transparency.NOT_OFFERED);
    }

    @Test
    void aVersionTwoNotFoundIsVerifiedAgainstTheCheckpoint() {
        log.filler(1);
        String status = "NOT-FOUND " + ALICE;
        String body = status + "\n" + kAuth.macOver(status).toBase64() + "\n" + log.notFoundBlock(ALICE).text();

        Outcome outcome = evaluator(true).judge(answerMail(body), lookup());

        assertThat(outcome).isInstanceOf(Outcome.NotFound.class);
        assertThat(outcome.transparency()).contains(Transparency.VERIFIED);
    }
}
