package org.mailkeys.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.mailkeys.mailets.AddAutocryptHeader;
import org.mailkeys.protocol.AutocryptKey;
import org.mailkeys.protocol.PublicKeyPolicy;
import org.mailkeys.protocol.SanitisedKey;
import org.mailkeys.store.MemoryKeyStore;
import org.mailkeys.store.StoredKey;
import org.mailkeys.testing.KeyFixtures;

/**
 * {@code autocrypt_header_worst_key_vs_ed25519}: what {@link AddAutocryptHeader} costs per authenticated outgoing mail
 * of a user who published the costliest key the rules allow ({@link WorstAllowedKey}, cut to what a 64 KiB
 * publication carries and the policy's time budget takes), against a user with an ed25519
 * key (the GnuPG-made fixture), in the mailet itself: a key store read, the header, the message changed. Both users
 * send the same small mail, in alternating rounds; the figure is the worst key's time per mail over the ed25519
 * key's (goal: at most 1.2, the header being made once per key version). For context, the detail also gives the time
 * to make the header from each key once, which every mail paid before the header was kept per version.
 */
final class AutocryptHeaderCost {
    static final String FIGURE = "autocrypt_header_worst_key_vs_ed25519";
    private static final String WORST = "worst@example.net";
    private static final String ALICE = "alice@example.net";
    /**
     * One JavaMail session for every mail made: a session per mail reads JavaMail's provider files from the class
     * path again, which took nine tenths of this part's time (JFR), not timed but making the rounds small.
     */
    private static final Session SESSION = Session.getInstance(new Properties());
    /** Slices of a round, each a run of mails of one sender then of the other. */
    private static final int SLICES = 20;

    private AutocryptHeaderCost() {
    }

    static void run(Results results) throws Exception {
        byte[] worstKey = worstKey(results);
        // the costliest key a KST stores: the most self-certifications (200 signatures at most) that a publication
        // mail of 64 KiB can carry and whose checks fit the default time budget of the policy and of the header
        int kept = WorstAllowedKey.SIGNATURES - 1;
        while (kept > 1 && !fitsAPublication(WorstAllowedKey.withCertifications(worstKey, kept))) {
            kept--;
        }
        SanitisedKey worst = storedIfItFits(WorstAllowedKey.withCertifications(worstKey, kept));
        while (worst == null && kept > 1) {
            kept--;
            worst = storedIfItFits(WorstAllowedKey.withCertifications(worstKey, kept));
        }
        if (worst == null) {
            throw new IllegalStateException("no form of the worst key fits a publication and the time budget here");
        }
        results.note(String.format(Locale.ROOT, "autocrypt: the costliest key a publication can carry (64 KiB) and the "
            + "time budget takes keeps %d of %d self-certifications (RSA 8192, exponent 2^33-1; %d signatures with the "
            + "subkey binding, %d bytes stored)", kept, WorstAllowedKey.SIGNATURES - 1, kept + 1, worst.keyBytes().length));
        SanitisedKey ed25519 = new PublicKeyPolicy().accept(KeyFixtures.keyBytes(KeyFixtures.ALICE), ALICE);
        MemoryKeyStore store = new MemoryKeyStore();
        store.put(new StoredKey(WORST, worst.keyBytes(), worst.fingerprint(), Instant.now(), 1)).block();
        store.put(new StoredKey(ALICE, ed25519.keyBytes(), ed25519.fingerprint(), Instant.now(), 1)).block();

        AddAutocryptHeader mailet = new AddAutocryptHeader(store, new OneDomain("example.net"), new RecordingMetricFactory());
        mailet.init(FakeMailetConfig.builder().mailetName("AddAutocryptHeader")
            .mailetContext(FakeMailContext.defaultContext()).build());
        String worstHeader = check(mailet, WORST);
        String ed25519Header = check(mailet, ALICE);

        double worstOnce = secondsToMakeOnce(worst.keyBytes(), WORST);
        double ed25519Once = secondsToMakeOnce(ed25519.keyBytes(), ALICE);
        timeMails(mailet, WORST, BenchmarkSettings.AUTOCRYPT_MAILS);
        timeMails(mailet, ALICE, BenchmarkSettings.AUTOCRYPT_MAILS);
        RoundRatios rounds = new RoundRatios();
        int mails = BenchmarkSettings.AUTOCRYPT_MAILS / SLICES;
        double[][] alone = new double[2][BenchmarkSettings.AUTOCRYPT_ROUNDS * SLICES];
        for (int round = 0; round < BenchmarkSettings.AUTOCRYPT_ROUNDS; round++) {
            double[] worstSlices = new double[SLICES];
            double[] ed25519Slices = new double[SLICES];
            // a round is many short slices, the two senders taking turns (which goes first alternating): a mail costs
            // tens of microseconds, so a side measured in one block of a few milliseconds met whatever the shared
            // machine did then, the other side something else (rounds 0.74-2.57 apart on a loaded machine)
            for (int slice = 0; slice < SLICES; slice++) {
                int at = round * SLICES + slice;
                if ((round + slice) % 2 == 0) {
                    worstSlices[slice] = timeMails(mailet, WORST, mails);
                    ed25519Slices[slice] = timeMails(mailet, ALICE, mails);
                    alone[0][at] = timeHeaderAlone(worstHeader, WORST, mails);
                    alone[1][at] = timeHeaderAlone(ed25519Header, ALICE, mails);
                } else {
                    alone[1][at] = timeHeaderAlone(ed25519Header, ALICE, mails);
                    alone[0][at] = timeHeaderAlone(worstHeader, WORST, mails);
                    ed25519Slices[slice] = timeMails(mailet, ALICE, mails);
                    worstSlices[slice] = timeMails(mailet, WORST, mails);
                }
            }
            // a side's time in a round is its median slice times the slices: a slice during which the shared machine
            // took the processor away (tens of milliseconds against a slice of a few) does not decide the round
            // subject ed25519, baseline the worst key: the ratio of their rates is the worst key's cost over ed25519's
            rounds.add(mails * SLICES, median(ed25519Slices) * SLICES, mails * SLICES, median(worstSlices) * SLICES);
        }
        results.add(Figure.measured(FIGURE, rounds.ratio(), "<= 1.2", String.format(Locale.ROOT,
            "%s; %d mails a side a round in %d alternating slices, a round's time the median slice's; %.1f us vs %.1f us "
                + "a mail; making the header once (what every mail paid before it was kept per key version): worst %.0f ms "
                + "(%d signatures), ed25519 %.2f ms; the same headers (%d vs %d characters) added by JavaMail alone "
                + "(addHeader, saveChanges), without the mailet, median slice: %.1f us vs %.1f us a mail",
            rounds.describe("mails/s (ed25519 vs worst)"), mails * SLICES, SLICES,
            1e6 / rounds.baselineRate(), 1e6 / rounds.subjectRate(), worstOnce * 1e3, kept + 1, ed25519Once * 1e3,
            worstHeader.length(), ed25519Header.length(), median(alone[0]) * 1e6 / mails, median(alone[1]) * 1e6 / mails)));
    }

    private static double median(double[] values) {
        return RetrievalBenchmark.percentile(values, 0.5);
    }

    /** Each mail gets its header: a fast wrong answer (no header) is not timed. Returns the header's value. */
    private static String check(AddAutocryptHeader mailet, String sender) throws Exception {
        Mail mail = mail(sender);
        mailet.service(mail);
        String[] header = mail.getMessage().getHeader("Autocrypt");
        if (header == null) {
            throw new IllegalStateException("no Autocrypt header for " + sender + ": nothing to measure");
        }
        return header[0];
    }

    /** What JavaMail alone costs for the header: added to the same small mail, the message's headers updated. */
    private static double timeHeaderAlone(String value, String sender, int count) throws Exception {
        List<Mail> mails = mails(sender, count);
        long start = System.nanoTime();
        for (Mail mail : mails) {
            mail.getMessage().addHeader("Autocrypt", value);
            mail.getMessage().saveChanges();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** The publication mail (docs/PROTOCOL.md 2.1) stays under the KST's default 64 KiB, 2 KiB left for headers. */
    private static boolean fitsAPublication(byte[] key) {
        return new org.mailkeys.protocol.RequestWriter().publication(key, org.mailkeys.protocol.KAuth.generate()).length()
            + 2048 <= 65536;
    }

    /** The key as the KST stores it, when the default policy takes it and a header can be made from it in time. */
    private static SanitisedKey storedIfItFits(byte[] key) {
        try {
            SanitisedKey stored = new PublicKeyPolicy().accept(key, WORST);
            return AutocryptKey.minimal(stored.keyBytes(), WORST, Instant.now()).isPresent() ? stored : null;
        } catch (org.mailkeys.protocol.ProtocolException e) {
            return null;
        }
    }

    /** Made once and kept in the benchmarks' cache folder: an 8,192-bit key and its 200 signatures take minutes. */
    private static byte[] worstKey(Results results) throws java.io.IOException {
        java.nio.file.Path file = BenchmarkSettings.CACHE.resolve("worst-allowed-key-" + WorstAllowedKey.SIGNATURES + ".pgp");
        if (java.nio.file.Files.exists(file)) {
            results.note("autocrypt: the worst allowed key was already made (" + file.getFileName() + " in the cache folder)");
            return java.nio.file.Files.readAllBytes(file);
        }
        long start = System.nanoTime();
        byte[] key = WorstAllowedKey.make(WORST);
        results.note(String.format(Locale.ROOT, "autocrypt: the worst allowed key (RSA 8192, exponent 2^33-1, %d signatures) "
            + "made in %.0f s", WorstAllowedKey.SIGNATURES, (System.nanoTime() - start) / 1e9));
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.write(file, key);
        return key;
    }

    /** The mails of one slice, made before its clock starts. */
    private static List<Mail> mails(String sender, int count) throws Exception {
        List<Mail> mails = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            mails.add(mail(sender));
        }
        return mails;
    }

    private static double timeMails(AddAutocryptHeader mailet, String sender, int count) throws Exception {
        List<Mail> mails = mails(sender, count);
        long start = System.nanoTime();
        for (Mail mail : mails) {
            mailet.service(mail);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double secondsToMakeOnce(byte[] key, String address) {
        AutocryptKey.minimal(key, address, Instant.now());
        int times = 3;
        long start = System.nanoTime();
        for (int i = 0; i < times; i++) {
            AutocryptKey.minimal(key, address, Instant.now());
        }
        return (System.nanoTime() - start) / 1e9 / times;
    }

    private static Mail mail(String sender) throws Exception {
        MimeMessage message = new MimeMessage(SESSION);
        message.setFrom(sender);
        message.setRecipients(javax.mail.Message.RecipientType.TO, "peer@elsewhere.example");
        message.setSubject("Hello");
        message.setText("A small mail.\r\n");
        message.saveChanges();
        return FakeMail.builder().name("mail").sender(new MailAddress(sender)).recipient("peer@elsewhere.example")
            .mimeMessage(message).attribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of(sender))).build();
    }

    /** The mail domain of both senders, for the mailet's account check. */
    private static final class OneDomain implements DomainList {
        private final Domain domain;

        private OneDomain(String domain) {
            this.domain = Domain.of(domain);
        }

        @Override
        public List<Domain> getDomains() {
            return List.of(domain);
        }

        @Override
        public boolean containsDomain(Domain candidate) {
            return domain.equals(candidate);
        }

        @Override
        public void addDomain(Domain added) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void removeDomain(Domain removed) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Domain getDefaultDomain() {
            return domain;
        }
    }
}
