package org.mailkeys.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class SignedNoteTest {
    private static final String ORIGIN = "example.net/mailkeys-log";

    @Test
    void aSignedCheckpointShouldVerifyWithTheVerifierKeyForm() {
        NoteSigner signer = NoteSigner.generate(ORIGIN, new SecureRandom());
        String note = signer.sign(new Checkpoint(ORIGIN, 3, new byte[32]).text());
        assertThat(note).startsWith(ORIGIN + "\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n\u2014 " + ORIGIN + " ");
        NoteVerifier verifier = NoteVerifier.parse(signer.verifier().verifierKey()).orElseThrow();
        assertThat(Checkpoint.verified(note, verifier, ORIGIN)).hasValueSatisfying(
            checkpoint -> assertThat(checkpoint.size()).isEqualTo(3));
    }

    @Test
    void aNoteShouldBeRefusedUnderAnotherKeyAnotherOriginOrAlteredText() {
        NoteSigner signer = NoteSigner.generate(ORIGIN, new SecureRandom());
        String note = signer.sign(new Checkpoint(ORIGIN, 3, new byte[32]).text());
        NoteVerifier other = NoteSigner.generate(ORIGIN, new SecureRandom()).verifier();
        assertThat(Checkpoint.verified(note, other, ORIGIN)).isEmpty();
        assertThat(Checkpoint.verified(note, signer.verifier(), "example.org/log")).isEmpty();
        assertThat(Checkpoint.verified(note.replace("\n3\n", "\n4\n"), signer.verifier(), ORIGIN)).isEmpty();
        assertThat(Checkpoint.verified(note + "\u2014 junk\n", signer.verifier(), ORIGIN)).isEmpty();
    }

    @Test
    void signaturesOfUnknownKeysShouldBeIgnored() {
        NoteSigner signer = NoteSigner.generate(ORIGIN, new SecureRandom());
        String witness = NoteSigner.generate("witness.example", new SecureRandom()).sign("x\n");
        String cosigned = signer.sign(new Checkpoint(ORIGIN, 1, new byte[32]).text())
            + witness.substring(witness.indexOf('\u2014'));
        assertThat(Checkpoint.verified(cosigned, signer.verifier(), ORIGIN)).isPresent();
    }

    @Test
    void theVerifierKeyShouldBeRefusedWhenItsIdDoesNotMatch() {
        String key = NoteSigner.generate(ORIGIN, new SecureRandom()).verifier().verifierKey();
        String[] parts = key.split("\\+", 3);
        assertThat(NoteVerifier.parse(parts[0] + "+00000000+" + parts[2])).isEmpty();
        assertThat(NoteVerifier.parse("x+" + parts[1] + "+" + parts[2])).isEmpty();
        assertThat(NoteVerifier.parse(key)).isPresent();
    }
}
