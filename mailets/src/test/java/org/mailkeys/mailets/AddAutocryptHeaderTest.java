package org.mailkeys.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailkeys.store.ScriptedKeyStore;
import org.mailkeys.matchers.FakeDomainList;
import org.mailkeys.protocol.AutocryptKey;
import org.mailkeys.store.StoredKey;
import org.mailkeys.testing.KeyFixtures;

class AddAutocryptHeaderTest {
    private static final byte[] ALICE_KEY = KeyFixtures.keyBytes(KeyFixtures.ALICE);
    private static final String ALICE = "alice@example.net";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
    private ScriptedKeyStore store;
    private RecordingMetricFactory metrics;
    private final AtomicInteger keysPrepared = new AtomicInteger();
    private AddAutocryptHeader mailet;

    @BeforeEach
    void setUp() throws Exception {
        store = new ScriptedKeyStore();
        metrics = new RecordingMetricFactory();
        mailet = new AddAutocryptHeader(store, new FakeDomainList("example.net"), metrics, clock,
            (key, address, now) -> {
                keysPrepared.incrementAndGet();
                return AutocryptKey.prepare(key, address, now);
            });
        mailet.init(FakeMailetConfig.builder().mailetName("AddAutocryptHeader")
            .mailetContext(FakeMailContext.defaultContext()).build());
        store.put(new StoredKey(ALICE, ALICE_KEY, "FPR", clock.instant(), 1)).block();
    }

    private static FakeMail mailFrom(String authUser, String from) throws Exception {
        FakeMail mail = TestRequests.authenticated(authUser, ALICE, "Hello").build();
        mail.getMessage().setHeader("From", from);
        mail.getMessage().setHeader("Message-ID", "<hello@client>");
        return mail;
    }

    @Test
    void mailOfTheAccountShouldCarryItsMinimalKey() throws Exception {
        FakeMail mail = mailFrom(ALICE, "Alice <Alice@Example.net>");

        mailet.service(mail);

        String[] headers = mail.getMessage().getHeader("Autocrypt");
        assertThat(headers).hasSize(1);
        String value = headers[0].replaceAll("\\s", "");
        assertThat(value).startsWith("addr=alice@example.net;keydata=");
        byte[] keyData = Base64.getDecoder().decode(value.substring(value.indexOf("keydata=") + 8));
        assertThat(keyData).isEqualTo(AutocryptKey.minimal(ALICE_KEY, ALICE, clock.instant()).orElseThrow());
        assertThat(mail.getMessage().getMessageID()).isEqualTo("<hello@client>");
        assertThat(metrics.countFor(AddAutocryptHeader.METRIC_ADDED)).isEqualTo(1);
    }

    @Test
    void theHeaderShouldBeFoldedIntoShortLines() throws Exception {
        FakeMail mail = mailFrom(ALICE, ALICE);

        mailet.service(mail);

        String raw = String.join("\r\n", java.util.Collections.list(mail.getMessage().getAllHeaderLines()));
        raw.lines().forEach(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
        assertThat(raw).contains("Autocrypt: addr=alice@example.net; keydata=");
    }

    @Test
    void aMailFromAnotherAddressShouldBeLeftAsItIs() throws Exception {
        FakeMail forged = mailFrom(ALICE, "bob@example.net");
        FakeMail twoAuthors = mailFrom(ALICE, "alice@example.net, bob@example.net");

        mailet.service(forged);
        mailet.service(twoAuthors);

        assertThat(forged.getMessage().getHeader("Autocrypt")).isNull();
        assertThat(twoAuthors.getMessage().getHeader("Autocrypt")).isNull();
    }

    @Test
    void anAnonymousMailShouldBeLeftAsItIs() throws Exception {
        FakeMail mail = TestRequests.anonymous(ALICE, "Hello").build();

        mailet.service(mail);

        assertThat(mail.getMessage().getHeader("Autocrypt")).isNull();
    }

    @Test
    void aMailThatHasTheHeaderShouldKeepItsOwn() throws Exception {
        FakeMail mail = mailFrom(ALICE, ALICE);
        mail.getMessage().setHeader("autocrypt", "addr=alice@example.net; prefer-encrypt=mutual; keydata=AAAA");

        mailet.service(mail);
        mailet.service(mail);

        assertThat(mail.getMessage().getHeader("Autocrypt")).containsExactly(
            "addr=alice@example.net; prefer-encrypt=mutual; keydata=AAAA");
    }

    @Test
    void theMailetShouldNeverAddTheHeaderTwice() throws Exception {
        FakeMail mail = mailFrom(ALICE, ALICE);

        mailet.service(mail);
        mailet.service(mail);

        assertThat(mail.getMessage().getHeader("Autocrypt")).hasSize(1);
    }

    @Test
    void aDeletedKeyShouldStopTheHeaderAtOnce() throws Exception {
        store.delete(ALICE, 2).block();
        FakeMail mail = mailFrom(ALICE, ALICE);

        mailet.service(mail);

        assertThat(mail.getMessage().getHeader("Autocrypt")).isNull();
    }

    @Test
    void anUnavailableStoreShouldLetTheMailGoWithoutHeader() throws Exception {
        store.failFromNowOn();
        FakeMail mail = mailFrom(ALICE, ALICE);

        mailet.service(mail);

        assertThat(mail.getMessage().getHeader("Autocrypt")).isNull();
    }

    @Test
    void aStoredKeyWithoutUsableMinimalFormShouldGiveNoHeader() throws Exception {
        // a key without a user ID of alice's; the 10 KiB bound, revoked, expired and sign-only keys: AutocryptKeyTest
        store.put(new StoredKey(ALICE, KeyFixtures.keyBytes(KeyFixtures.ALICE_OTHER_ADDRESS), "FPR", clock.instant(), 3))
            .block();
        FakeMail mail = mailFrom(ALICE, ALICE);

        mailet.service(mail);

        assertThat(mail.getMessage().getHeader("Autocrypt")).isNull();
        assertThat(mail.getMessage().getMessageID()).isEqualTo("<hello@client>");
    }

    @Test
    void theSecondMailShouldNeitherParseNorVerifyTheKeyAgain() throws Exception {
        // issue 18 item 5: every mail parsed the stored key and verified up to 200 signatures again
        FakeMail first = mailFrom(ALICE, ALICE);
        FakeMail second = mailFrom(ALICE, ALICE);

        mailet.service(first);
        mailet.service(second);

        assertThat(keysPrepared).hasValue(1);
        assertThat(second.getMessage().getHeader("Autocrypt")).containsExactly(first.getMessage().getHeader("Autocrypt"));
    }

    @Test
    void aNewVersionOfTheKeyShouldBeMadeAgain() throws Exception {
        mailet.service(mailFrom(ALICE, ALICE));
        store.put(new StoredKey(ALICE, KeyFixtures.keyBytes(KeyFixtures.ALICE_OTHER_ADDRESS), "FPR2", clock.instant(), 5))
            .block();
        FakeMail afterReplacement = mailFrom(ALICE, ALICE);

        mailet.service(afterReplacement);

        assertThat(keysPrepared).hasValue(2);
        assertThat(afterReplacement.getMessage().getHeader("Autocrypt")).isNull();
    }
}
