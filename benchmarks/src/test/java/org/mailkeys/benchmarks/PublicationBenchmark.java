package org.mailkeys.benchmarks;

import static java.util.stream.Collectors.toList;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.testing.GnuPG;
import org.mailkeys.testing.Mailbox;

/**
 * {@code publication_vs_wks_server} and {@code publication_vs_gpg_import}: keys made by GnuPG (ed25519 and rsa3072,
 * each with an encryption subkey) published through authenticated submission, each validated, sanitised, stored and
 * confirmed (until the confirmation is in the account's INBOX), against gpg-wks-server receiving the same keys'
 * submission mails and gpg importing them, in alternating rounds. Every key has an account of its own and is
 * published as a MUA does it, over a submission connection of its own (STARTTLS, SMTP AUTH, the mail),
 * {@link #CONNECTIONS} connections at a time; the peers run as many processes at a time. (One account publishing
 * several keys at once would race with itself: all but the last would rightly be answered ERROR superseded.)
 */
public final class PublicationBenchmark {
    public static final int CONNECTIONS = 4;
    public static final List<String> PUBLISHERS = IntStream.range(0,
            BenchmarkSettings.PUBLICATION_ED25519_KEYS + BenchmarkSettings.PUBLICATION_RSA3072_KEYS)
        .mapToObj(i -> "publisher" + i + "@" + BenchmarkJames.DOMAIN).collect(toList());

    private final BenchmarkJames james;
    private final Results results;
    private final List<String> accounts = new ArrayList<>();
    private final List<String> armoredKeys = new ArrayList<>();
    private final List<byte[]> binaryKeys = new ArrayList<>();

    public PublicationBenchmark(BenchmarkJames james, Results results) {
        this.james = james;
        this.results = results;
    }

    /** Not timed: GnuPG makes the keys, key i for account i; the time it took is a note of the run. */
    public void makeKeys(Path folder) throws Exception {
        long start = System.nanoTime();
        int ed25519 = BenchmarkSettings.PUBLICATION_ED25519_KEYS;
        int rsa3072 = BenchmarkSettings.PUBLICATION_RSA3072_KEYS;
        try (GnuPG gnupg = new GnuPG(folder.resolve("keys-home"))) {
            for (int i = 0; i < ed25519 + rsa3072; i++) {
                String account = PUBLISHERS.get(i);
                String userId = "Key " + i + " <" + account + ">";
                String fingerprint = i < ed25519 ? gnupg.generateEd25519(userId) : gnupg.generateRsa3072(userId);
                accounts.add(account);
                armoredKeys.add(gnupg.exportArmored(fingerprint));
                binaryKeys.add(gnupg.exportBinary(fingerprint));
            }
        }
        results.note(String.format(Locale.ROOT, "publication keys made by GnuPG (harness, not measured): %d in %.0f s",
            armoredKeys.size(), (System.nanoTime() - start) / 1e9));
    }

    /** The keys {@link #makeKeys} made, key i for account {@link #PUBLISHERS} i: other parts publish the same keys. */
    public List<String> armoredKeys() {
        return List.copyOf(armoredKeys);
    }

    public void measure(Path folder) throws Exception {
        Path wks = GnuPGPeers.wksDirectory(Files.createDirectories(folder.resolve("wks")));
        Path wksHome = Files.createDirectories(folder.resolve("wks-home"));
        Files.setPosixFilePermissions(wksHome, PosixFilePermissions.fromString("rwx------"));
        List<byte[]> submissions = new ArrayList<>();
        for (int i = 0; i < armoredKeys.size(); i++) {
            submissions.add(GnuPGPeers.submissionMail(accounts.get(i), armoredKeys.get(i), i));
        }
        String keyChecks = KeyCheckCost.measure(binaryKeys, accounts, BenchmarkSettings.PUBLICATION_ED25519_KEYS);
        publish(new CpuUse());
        submitPlain(new CpuUse());
        GnuPGPeers.wksReceive(wks, wksHome, submissions, CONNECTIONS);
        GnuPGPeers.gpgImport(folder, armoredKeys, CONNECTIONS);

        RoundRatios againstWks = new RoundRatios();
        RoundRatios againstImport = new RoundRatios();
        RoundRatios plainAgainstWks = new RoundRatios();
        RoundRatios againstPlain = new RoundRatios();
        CpuUse publicationCpu = new CpuUse();
        CpuUse plainCpu = new CpuUse();
        int keys = armoredKeys.size();
        for (int round = 0; round < BenchmarkSettings.PUBLICATION_ROUNDS; round++) {
            double kst;
            double plainSeconds;
            double wksSeconds;
            double importSeconds;
            if (round % 2 == 0) {
                kst = publish(publicationCpu);
                plainSeconds = submitPlain(plainCpu);
                wksSeconds = GnuPGPeers.wksReceive(wks, wksHome, submissions, CONNECTIONS);
                importSeconds = GnuPGPeers.gpgImport(folder, armoredKeys, CONNECTIONS);
            } else {
                importSeconds = GnuPGPeers.gpgImport(folder, armoredKeys, CONNECTIONS);
                wksSeconds = GnuPGPeers.wksReceive(wks, wksHome, submissions, CONNECTIONS);
                plainSeconds = submitPlain(plainCpu);
                kst = publish(publicationCpu);
            }
            againstWks.add(keys, kst, keys, wksSeconds);
            againstImport.add(keys, kst, keys, importSeconds);
            plainAgainstWks.add(keys, plainSeconds, keys, wksSeconds);
            againstPlain.add(keys, kst, keys, plainSeconds);
        }
        String sizes = String.format(Locale.ROOT, "%d keys (%d ed25519, %d rsa3072) per round, %d connections/processes, ",
            keys, BenchmarkSettings.PUBLICATION_ED25519_KEYS, BenchmarkSettings.PUBLICATION_RSA3072_KEYS, CONNECTIONS);
        results.add(Figure.measured("publication_vs_wks_server", againstWks.ratio(), ">= 20",
            sizes + againstWks.describe("keys/s")));
        results.add(Figure.measured("publication_vs_gpg_import", againstImport.ratio(), "",
            sizes + againstImport.describe("keys/s")));
        results.add(Figure.measured("publication_vs_plain_submission", againstPlain.ratio(), ">= 0.9",
            sizes + againstPlain.describe("keys/s vs plain mails/s") + "; plain mails of a publication's size over the "
                + "same paths (a submission connection each, until in the INBOX): James' submission path without the KST"
                + String.format(Locale.ROOT, "; CPU per mail (this JVM: James and the clients): publication %.2f ms, "
                    + "plain %.2f ms; ", publicationCpu.jvmMillisPer(keys * BenchmarkSettings.PUBLICATION_ROUNDS),
                    plainCpu.jvmMillisPer(keys * BenchmarkSettings.PUBLICATION_ROUNDS)) + keyChecks));
        results.add(Figure.measured("plain_submission_vs_wks_server", plainAgainstWks.ratio(), "",
            sizes + plainAgainstWks.describe("plain mails/s vs keys/s") + "; plain mails of a publication's size, one "
                + "submission connection each: James' ceiling on publication_vs_wks_server"));
    }

    /**
     * James' submission path without the KST: a plain mail of a publication's size per account, each over a
     * submission connection of its own (STARTTLS, AUTH, mail), {@link #CONNECTIONS} at a time, until every one is in
     * its account's INBOX; returns the seconds.
     */
    private double submitPlain(CpuUse cpu) throws Exception {
        List<OutgoingMail> mails = new ArrayList<>();
        for (int i = 0; i < armoredKeys.size(); i++) {
            mails.add(OutgoingMail.plainOfSize(accounts.get(i), OutgoingMail.publication(accounts.get(i), armoredKeys.get(i))));
        }
        return cpu.during(() -> james.submitEach(mails, CONNECTIONS, PUBLISHERS));
    }

    /** Publishes every key, waits for every answer; returns the seconds. Checks that each answer is a confirmation (not timed). */
    private double publish(CpuUse cpu) throws Exception {
        List<OutgoingMail> publications = new ArrayList<>();
        for (int i = 0; i < armoredKeys.size(); i++) {
            publications.add(OutgoingMail.publication(accounts.get(i), armoredKeys.get(i)));
        }
        double seconds = cpu.during(() -> james.submitEach(publications, CONNECTIONS, PUBLISHERS));
        for (OutgoingMail publication : publications) {
            KeyAnswer answer = Mailbox.imaps(james.imapsPort(), publication.sender()).awaitReplyTo(publication.messageId()).answer();
            RetrievalBenchmark.check(answer instanceof KeyAnswer.Confirmation, "publication confirmed: " + answer);
        }
        return seconds;
    }
}
