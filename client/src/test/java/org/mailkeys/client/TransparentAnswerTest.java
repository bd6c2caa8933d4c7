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
import org.mailkeys.protocol.LogProofAnswers;
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

    /** Written by the server's own writer of version-2 answers. */
    private String keyFoundBody(LogProofBlock block) {
        return new LogProofAnswers().keyFound(KEY, block.text(), kAuth);
    }

    @Test
    void aVersionTwoAnswerWhoseProofHoldsIsAVerifiedKey() {
        long index = log.publish(ALICE, KEY);

        Outcome outcome = evaluator(true).judge(answerMail(keyFoundBody(log.block(ALICE, index))), lookup());

        assertThat(outcome).isInstanceOf(Outcome.KeyFound.class);
        assertThat(outcome.transparency()).contains(Transparency.VERIFIED);
    }

    @Test
    void aProofBlockTheMacDoesNotCoverIsTampered() {
        long index = log.publish(ALICE, KEY);
        // a version-1 MAC over the key alone, and a block added on the way
        String body = PublicKeyArmor.armor(KEY) + log.block(ALICE, index).text() + kAuth.macOver(KEY).toBase64() + "\n";

        assertThat(evaluator(false).judge(answerMail(body), lookup())).isInstanceOf(Outcome.Tampered.class);
    }

    @Test
    void aStrippedProofBlockBreaksTheMac() {
        long index = log.publish(ALICE, KEY);
        String full = keyFoundBody(log.block(ALICE, index)).replace("\r\n", "\n");
        String stripped = full.substring(0, full.indexOf(LogProofBlock.HEADER))
                + full.substring(full.lastIndexOf('\n', full.length() - 2) + 1);

        assertThat(evaluator(false).judge(answerMail(stripped), lookup())).isInstanceOf(Outcome.Tampered.class);
    }

    @Test
    void aVersionTwoConfirmationTeachesTheOwnersLabelAndIsChecked() {
        String owner = "bob@example.net";
        long index = log.publish(owner, KEY);
        PendingRequest publication = new PendingRequest("<req-1@acme.net>", RequestKind.PUBLISH, owner, owner, kAuth,
                Instant.now(), false, Optional.of(KEY));

        Outcome outcome = evaluator(false).judge(answerMail(new LogProofAnswers().confirmation(KEY,
                log.block(owner, index).text(), kAuth)), publication);

        assertThat(outcome).isInstanceOf(Outcome.Published.class);
        assertThat(outcome.transparency()).contains(Transparency.VERIFIED);
        assertThat(new LogState(state.resolve("log"), Clock.systemUTC()).labelProof("example.net", owner)).isPresent();
    }

    /** Her watch, in another thread, must never know her label (taught by the check) without her key's hash. */
    @Test
    void aConfirmationRecordsTheOwnersKeyBeforeItsProofTeachesHerLabel() {
        String owner = "bob@example.net";
        long index = log.publish(owner, KEY);
        PendingRequest publication = new PendingRequest("<req-1@acme.net>", RequestKind.PUBLISH, owner, owner, kAuth,
                Instant.now(), false, Optional.of(KEY));
        java.util.List<String> calls = new java.util.ArrayList<>();
        TransparencyCheck recording = new TransparencyCheck() {
            @Override
            public Verdict check(String address, Optional<byte[]> keyBytes, Optional<LogProofBlock> block) {
                calls.add("proof checked");
                return Verdict.verified("by the test");
            }

            @Override
            public void ownKeyConfirmed(String address, byte[] keyBytes) {
                calls.add("own key recorded");
            }
        };

        new AnswerEvaluator(recording, false).judge(answerMail(new LogProofAnswers().confirmation(KEY,
                log.block(owner, index).text(), kAuth)), publication);

        assertThat(calls).containsExactly("own key recorded", "proof checked");
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
        String body = PublicKeyArmor.armor(KEY) + LogProofBlock.HEADER + "\nvrf x\n" + kAuth.macOver(KEY).toBase64() + "\n";

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
        String body = new LogProofAnswers().notFound(ALICE, log.notFoundBlock(ALICE).text(), kAuth);

        Outcome outcome = evaluator(true).judge(answerMail(body), lookup());

        assertThat(outcome).isInstanceOf(Outcome.NotFound.class);
        assertThat(outcome.transparency()).contains(Transparency.VERIFIED);
    }
}
