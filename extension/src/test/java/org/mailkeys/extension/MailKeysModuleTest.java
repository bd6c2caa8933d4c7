package org.mailkeys.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.mailetcontainer.AutomaticallySentMailDetectorImpl;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.AutomaticallySentMailDetector;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.mailets.AnswerKeyRequest;
import org.mailkeys.mailets.DropUnanswerableRequest;
import org.mailkeys.mailets.JamesConfFolder;
import org.mailkeys.mailets.LimitAnswerRate;
import org.mailkeys.mailets.PublishKey;
import org.mailkeys.mailets.RetryKeyRequest;
import org.mailkeys.mailets.smtp.KeyServiceRcptHook;
import org.mailkeys.matchers.FakeDomainList;
import org.mailkeys.matchers.KeyServiceRecipient;
import org.mailkeys.matchers.ServiceAddresses;
import org.mailkeys.store.KeyStore;
import org.mailkeys.store.MemoryKeyStore;
import org.mailkeys.store.file.FileKeyStore;
import org.mailkeys.store.log.LoggedKeyStore;
import org.mailkeys.extension.log.KeyLogLifecycle;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;

/** Builds the extension the way James does: a Guice injector with MailKeysModule and the server's services. */
class MailKeysModuleTest {
    @TempDir
    Path workingDirectory;

    private Injector injector(String... properties) throws IOException {
        return Guice.createInjector(JamesConfFolder.in(workingDirectory, properties), binder -> {
            binder.bind(DomainList.class).toInstance(new FakeDomainList("example.net"));
            binder.bind(MetricFactory.class).toInstance(new RecordingMetricFactory());
            binder.bind(AutomaticallySentMailDetector.class).to(AutomaticallySentMailDetectorImpl.class);
        }, new MailKeysModule());
    }

    @Test
    void withoutPropertiesTheFileStoreShouldLiveUnderVarInTheWorkingDirectory() throws Exception {
        KeyStore store = injector().getInstance(KeyStore.class);

        assertThat(store).isInstanceOf(LoggedKeyStore.class);
        assertThat(((LoggedKeyStore) store).unlogged()).isInstanceOf(FileKeyStore.class);
        assertThat(workingDirectory.resolve("var/mailkeys/keys")).isDirectory();
        ((LoggedKeyStore) store).close();
    }

    @Test
    void theKeyLogShouldBeOnByDefaultInFilesBesideTheStore() throws Exception {
        Injector injector = injector();
        KeyStore store = injector.getInstance(KeyStore.class);
        KeyLogLifecycle log = injector.getInstance(KeyLogLifecycle.class);

        assertThat(log.log()).isPresent();
        assertThat(log.log().get().origin()).endsWith("/mailkeys-log");
        assertThat(workingDirectory.resolve("var/mailkeys/log/public/checkpoint")).isRegularFile();
        assertThat(workingDirectory.resolve("var/mailkeys/log/private/keys")).isRegularFile();
        log.close();
        ((LoggedKeyStore) store).close();
    }

    @Test
    void keysStoredBeforeTheLogExistedShouldEnterItAsPublished() throws Exception {
        Injector withoutLog = injector("log.enabled=false", "log.batch.interval.ms=50");
        KeyStore plain = withoutLog.getInstance(KeyStore.class);
        plain.put(new org.mailkeys.store.StoredKey("alice@example.net", new byte[] {1, 2, 3}, "FPR",
            java.time.Instant.parse("2026-12-05T03:00:00Z"), 7)).block();
        ((FileKeyStore) plain).close();

        Injector withLog = injector("log.batch.interval.ms=50");
        KeyStore store = withLog.getInstance(KeyStore.class);
        KeyLogLifecycle log = withLog.getInstance(KeyLogLifecycle.class);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(1))
            .until(() -> log.log().orElseThrow().proof("alice@example.net", 7).isPresent());
        org.mailkeys.transparency.LogEntry entry = org.mailkeys.transparency.LogEntry.parse(
            log.log().get().proof("alice@example.net", 7).get().extra().orElseThrow()).orElseThrow();
        assertThat(entry.change()).isEqualTo(org.mailkeys.transparency.LogEntry.Change.PUBLISHED);
        byte[] stored = java.security.MessageDigest.getInstance("SHA-256").digest(new byte[] {1, 2, 3});
        assertThat(entry.keyDigest()).hasValueSatisfying(digest -> assertThat(digest).isEqualTo(stored));
        log.close();
        ((LoggedKeyStore) store).close();
    }

    @Test
    void theKeyLogShouldBeOffWhenSaidSo() throws Exception {
        Injector injector = injector("store=memory", "log.enabled=false");

        assertThat(injector.getInstance(KeyStore.class)).isInstanceOf(MemoryKeyStore.class);
        assertThat(injector.getInstance(KeyLogLifecycle.class).log()).isEmpty();
    }

    @Test
    void theOriginAndIntervalShouldBeConfigurable() throws Exception {
        Injector injector = injector("store=memory", "log.origin=keys.example.net/log", "log.batch.interval.ms=50");
        KeyLogLifecycle log = injector.getInstance(KeyLogLifecycle.class);

        assertThat(log.log().orElseThrow().origin()).isEqualTo("keys.example.net/log");
        log.close();
    }

    @Test
    void aRelativeFolderShouldBeResolvedAgainstTheWorkingDirectory() throws Exception {
        KeyStore store = injector("store=file", "store.file.directory=data/keys").getInstance(KeyStore.class);

        assertThat(workingDirectory.resolve("data/keys")).isDirectory();
        ((LoggedKeyStore) store).close();
    }

    @Test
    void aJamesFileUrlShouldBeResolvedByJamesFileSystem() throws Exception {
        KeyStore store = injector("store.file.directory=file://var/other-keys").getInstance(KeyStore.class);

        assertThat(workingDirectory.resolve("var/other-keys")).isDirectory();
        ((LoggedKeyStore) store).close();
    }

    @Test
    void theMemoryStoreShouldBeChosenByProperty() throws Exception {
        assertThat(((LoggedKeyStore) injector("store=memory").getInstance(KeyStore.class)).unlogged())
            .isInstanceOf(MemoryKeyStore.class);
    }

    @Test
    void everyMailetShouldShareOneStore() throws Exception {
        Injector injector = injector("store=memory");

        assertThat(injector.getInstance(KeyStore.class)).isSameAs(injector.getInstance(KeyStore.class));
    }

    @Test
    void guiceShouldBuildEveryExtensionClassAsJamesDoes() throws Exception {
        Injector injector = injector("store=memory");

        // Guice never returns null: what can fail is building a class whose dependencies are not bound
        for (Class<?> extensionClass : List.of(KeyServiceRecipient.class, DropUnanswerableRequest.class,
            LimitAnswerRate.class, PublishKey.class, AnswerKeyRequest.class, RetryKeyRequest.class,
            KeyServiceRcptHook.class)) {
            assertThatCode(() -> injector.getInstance(extensionClass)).as(extensionClass.getSimpleName())
                .doesNotThrowAnyException();
        }
    }

    @Test
    void theServiceLocalPartOfMailkeysPropertiesShouldServeTheMatcherAndTheMailets() throws Exception {
        Injector injector = injector("store=memory", "service.local.part=openpgpkey");
        KeyServiceRecipient matcher = injector.getInstance(KeyServiceRecipient.class);
        matcher.init(FakeMatcherConfig.builder().matcherName("KeyServiceRecipient").build());
        DropUnanswerableRequest drop = injector.getInstance(DropUnanswerableRequest.class);
        drop.init(FakeMailetConfig.builder().mailetName("DropUnanswerableRequest").build());
        FakeMail fromAService = FakeMail.builder().name("m").sender("openpgpkey@acme.test")
            .recipients("openpgpkey@example.net", "keys@example.net")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setText("x")).build();

        assertThat(injector.getInstance(ServiceAddresses.class).localPart()).isEqualTo("openpgpkey");
        assertThat(matcher.match(fromAService)).containsExactly(new MailAddress("openpgpkey@example.net"));
        drop.service(fromAService);
        assertThat(fromAService.getState()).isEqualTo(Mail.GHOST);
    }

    @Test
    void aBadStoreShouldFailTheStartNamingIt() throws Exception {
        Injector injector = injector("store=ldap");

        assertThatThrownBy(() -> injector.getInstance(KeyStore.class))
            .isInstanceOfAny(ProvisionException.class, CreationException.class)
            .hasMessageContaining("ldap");
    }

    @Test
    void aBadCassandraSettingShouldFailTheStartNamingIt() throws Exception {
        Injector injector = injector("store=cassandra", "store.cassandra.replication.factor=three");

        assertThatThrownBy(() -> injector.getInstance(KeyStore.class))
            .isInstanceOfAny(ProvisionException.class, CreationException.class)
            .hasMessageContaining("store.cassandra.replication.factor");
    }
}
