package org.mailkeys.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class LogProofBlockTest {
    private final SecureRandom random = new SecureRandom();
    private final NoteSigner signer = NoteSigner.generate("example.net/mailkeys-log", random);
    private final VrfPrivateKey vrf = VrfPrivateKey.generate(random);

    @Test
    void keysRoundTripAndRefuseOtherText() {
        LogPublicKeys keys = new LogPublicKeys(signer.verifier(), vrf.publicKey());
        assertThat(LogPublicKeys.parse(keys.text())).contains(keys);
        assertThat(LogPublicKeys.parse(keys.text().replace("\n", "\r\n"))).contains(keys);
        assertThat(keys.origin()).isEqualTo("example.net/mailkeys-log");
        assertThat(LogPublicKeys.parse("vkey " + signer.verifier().verifierKey() + "\n")).isEmpty();
        assertThat(LogPublicKeys.parse(keys.text() + "extra line\n")).isEmpty();
        assertThat(LogPublicKeys.parse(keys.text().replace("vrf A", "vrf B"))).isEmpty();
    }

    @Test
    void blockWithEntryRoundTrips() {
        byte[] vrfProof = vrf.prove("alice@example.net".getBytes(StandardCharsets.UTF_8));
        String note = signer.sign(new Checkpoint("example.net/mailkeys-log", 1, MerkleHash.leaf(new byte[] {1})).text());
        TlogProof proof = new TlogProof(Optional.of(new byte[] {1}), 0, List.of(), note);
        LogProofBlock block = LogProofBlock.withEntry(vrfProof, proof);
        LogProofBlock read = LogProofBlock.parse(block.text()).orElseThrow();
        assertThat(read.vrfProof()).isEqualTo(vrfProof);
        assertThat(read.inclusion().orElseThrow().extra()).contains(new byte[] {1});
        assertThat(read.checkpointNote()).isEqualTo(note);
        assertThat(LogProofBlock.parse(block.text().replace("\n", "\r\n")).orElseThrow().text()).isEqualTo(block.text());
    }

    @Test
    void blockWithoutEntryRoundTripsAndBadVrfLineIsRefused() {
        byte[] vrfProof = vrf.prove("bob@example.net".getBytes(StandardCharsets.UTF_8));
        String note = signer.sign(new Checkpoint("example.net/mailkeys-log", 0, MerkleHash.empty()).text());
        LogProofBlock block = LogProofBlock.withoutEntry(vrfProof, note);
        assertThat(LogProofBlock.parse(block.text()).orElseThrow().inclusion()).isEmpty();
        assertThat(LogProofBlock.parse(block.text().replace("vrf ", "vrf AAAA"))).isEmpty();
        assertThat(LogProofBlock.parse(LogProofBlock.HEADER + "\n")).isEmpty();
        assertThat(LogProofBlock.parse(block.text() + "x".repeat(LogProofBlock.MAX_TEXT))).isEmpty();
    }
}
