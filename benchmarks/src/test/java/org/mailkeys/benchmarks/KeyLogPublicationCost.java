package org.mailkeys.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.testing.Mailbox;
import org.mailkeys.testing.ReceivedMail;
import org.mailkeys.transparency.LogProofBlock;
import org.mailkeys.transparency.TlogProof;

/**
 * {@code publication_with_log_vs_without}: what the verifiable key log (docs/PROTOCOL.md 12) costs a publication. Two
 * James side by side in this JVM, the shipped configuration on the file store, one with the log on (the default), one
 * with {@code log.enabled=false}; the same GnuPG-made keys published (version 1, as PublicationBenchmark publishes:
 * one submission connection per key, {@link PublicationBenchmark#CONNECTIONS} at a time, until every confirmation is
 * in its INBOX) to each, in alternating rounds. A version-1 confirmation does not wait for the log: the log's cost is
 * the pending change written beside each key and the sequencer's work, which runs meanwhile. A version-2 publication's
 * confirmation waits for its entry in a checkpoint (up to the batch interval, 1 s by default): its latency, one
 * publication at a time against version 1 on the same James, is printed as a detail, not a goal.
 */
public final class KeyLogPublicationCost {
    public static final String FIGURE = "publication_with_log_vs_without";
    /** Context: a third James whose sequencer runs at most once a minute, to part the log's costs. */
    private static final String HELD_BACK = "log.batch.interval.ms";

    private final List<String> accounts;
    private final List<String> armoredKeys;

    private KeyLogPublicationCost(List<String> armoredKeys) {
        this.armoredKeys = armoredKeys;
        this.accounts = PublicationBenchmark.PUBLISHERS.subList(0, armoredKeys.size());
    }

    /** {@code armoredKeys}: key i for account {@link PublicationBenchmark#PUBLISHERS} i. */
    public static void run(Results results, Path folder, List<String> armoredKeys) throws Exception {
        new KeyLogPublicationCost(armoredKeys).measure(results, folder);
    }

    private void measure(Results results, Path folder) throws Exception {
        try (BenchmarkJames withLog = BenchmarkJames.startBesideAnother(folder.resolve("with-log"), Map.of(), accounts);
             BenchmarkJames withoutLog = BenchmarkJames.startBesideAnother(folder.resolve("without-log"),
                 Map.of("log.enabled", "false"), accounts);
             BenchmarkJames sequencerHeldBack = BenchmarkJames.startBesideAnother(folder.resolve("log-held-back"),
                 Map.of(HELD_BACK, "60000"), accounts)) {
            publish(withLog);
            publish(withoutLog);
            publish(sequencerHeldBack);
            RoundRatios ratios = new RoundRatios();
            RoundRatios heldBack = new RoundRatios();
            int keys = armoredKeys.size();
            for (int round = 0; round < BenchmarkSettings.PUBLICATION_ROUNDS; round++) {
                double with;
                double without;
                double held;
                if (round % 2 == 0) {
                    with = publish(withLog);
                    held = publish(sequencerHeldBack);
                    without = publish(withoutLog);
                } else {
                    without = publish(withoutLog);
                    held = publish(sequencerHeldBack);
                    with = publish(withLog);
                }
                ratios.add(keys, with, keys, without);
                heldBack.add(keys, held, keys, without);
            }
            String latency = versionTwoLatency(withLog);
            results.add(Figure.measured(FIGURE, ratios.ratio(), ">= 0.9", String.format(Locale.ROOT,
                "%d keys (%d ed25519, %d rsa3072) per round, %d connections, version 1, ", keys,
                BenchmarkSettings.PUBLICATION_ED25519_KEYS, BenchmarkSettings.PUBLICATION_RSA3072_KEYS,
                PublicationBenchmark.CONNECTIONS) + ratios.describe("keys/s") + "; the log's part done while the KST "
                + "writes (the pending change) against the sequencer's: with the sequencer held back (" + HELD_BACK
                + "=60000, same rounds) " + String.format(Locale.ROOT, "%.3f", heldBack.ratio()) + " of without, "
                + heldBack.describe("keys/s") + "; " + latency));
        }
    }

    /**
     * One publication at a time on the James with the log, version 2 and version 1 in turn, each timed from the
     * connection to its confirmation in the INBOX; the medians, and the highest version-2 time.
     */
    private String versionTwoLatency(BenchmarkJames james) throws Exception {
        int samples = Math.min(armoredKeys.size(), BenchmarkSettings.QUICK ? 4 : 16);
        double[] two = new double[samples];
        double[] one = new double[samples];
        for (int i = 0; i < samples; i++) {
            String account = accounts.get(i);
            OutgoingMail versionTwo = OutgoingMail.publicationVersion2(account, armoredKeys.get(i));
            OutgoingMail versionOne = OutgoingMail.publication(account, armoredKeys.get(i));
            if (i % 2 == 0) {
                two[i] = james.submitEach(List.of(versionTwo), 1, List.of(account));
                one[i] = james.submitEach(List.of(versionOne), 1, List.of(account));
            } else {
                one[i] = james.submitEach(List.of(versionOne), 1, List.of(account));
                two[i] = james.submitEach(List.of(versionTwo), 1, List.of(account));
            }
            checkConfirmed(james, List.of(versionOne));
            checkProved(james, versionTwo);
        }
        double highest = Arrays.stream(two).max().orElse(Double.NaN);
        Arrays.sort(two);
        Arrays.sort(one);
        return String.format(Locale.ROOT, "version 2 confirmation (waits for its checkpoint, batch interval 1 s): median "
            + "%.0f ms, highest %.0f ms, against %.0f ms for version 1, one at a time (%d each; not a goal)",
            two[samples / 2] * 1000, highest * 1000, one[samples / 2] * 1000, samples);
    }

    /** Publishes every key, one submission connection each; returns the seconds until every confirmation is in. */
    private double publish(BenchmarkJames james) throws Exception {
        List<OutgoingMail> publications = new ArrayList<>();
        for (int i = 0; i < armoredKeys.size(); i++) {
            publications.add(OutgoingMail.publication(accounts.get(i), armoredKeys.get(i)));
        }
        double seconds = james.submitEach(publications, PublicationBenchmark.CONNECTIONS, accounts);
        checkConfirmed(james, publications);
        return seconds;
    }

    /** Not timed: a version-2 answer carries the proof of its entry (docs/PROTOCOL.md 12), which only a confirmation has. */
    private static void checkProved(BenchmarkJames james, OutgoingMail publication) {
        ReceivedMail answer = Mailbox.imaps(james.imapsPort(), publication.sender()).awaitReplyTo(publication.messageId());
        String text = answer.rawText();
        if (!answer.header("MailKeys-Version").map(String::trim).filter("2"::equals).isPresent()
            || !text.contains(LogProofBlock.HEADER) || !text.contains(TlogProof.HEADER)) {
            throw new IllegalStateException("version 2 publication not confirmed with the proof of its entry: " + text);
        }
    }

    /** Not timed: each answer is a confirmation (a fast error would not be a publication). */
    private static void checkConfirmed(BenchmarkJames james, List<OutgoingMail> publications) throws Exception {
        for (OutgoingMail publication : publications) {
            KeyAnswer answer = Mailbox.imaps(james.imapsPort(), publication.sender()).awaitReplyTo(publication.messageId()).answer();
            if (!(answer instanceof KeyAnswer.Confirmation)) {
                throw new IllegalStateException("publication not confirmed: " + answer);
            }
        }
    }
}
