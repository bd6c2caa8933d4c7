package org.mailkeys.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.configuration2.PropertiesConfiguration;
import org.apache.commons.configuration2.convert.DefaultListDelimiterHandler;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.mailkeys.mailets.RequestLimits;

class MailKeysConfigurationTest {
    private static PropertiesConfiguration properties(String... keyValues) {
        PropertiesConfiguration configuration = new PropertiesConfiguration();
        configuration.setListDelimiterHandler(new DefaultListDelimiterHandler(',')); // as James' PropertiesProvider
        for (int i = 0; i < keyValues.length; i += 2) {
            configuration.addProperty(keyValues[i], keyValues[i + 1]);
        }
        return configuration;
    }

    @Test
    void anEmptyFileShouldGiveTheFileStoreUnderVar() throws Exception {
        MailKeysConfiguration configuration = MailKeysConfiguration.from(properties());

        assertThat(configuration.storeType()).isEqualTo(MailKeysConfiguration.StoreType.FILE);
        assertThat(configuration.fileDirectory()).isEqualTo("var/mailkeys/keys");
    }

    @Test
    void theStoreTypeAndFolderShouldBeRead() throws Exception {
        MailKeysConfiguration configuration = MailKeysConfiguration.from(
            properties("store", "Memory", "store.file.directory", "/srv/keys"));

        assertThat(configuration.storeType()).isEqualTo(MailKeysConfiguration.StoreType.MEMORY);
        assertThat(configuration.fileDirectory()).isEqualTo("/srv/keys");
    }

    @Test
    void anUnknownStoreShouldFailNamingTheKey() {
        assertThatThrownBy(() -> MailKeysConfiguration.from(properties("store", "ldap")))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("store")
            .hasMessageContaining("ldap");
    }

    @Test
    void theNodeNameShouldBeReadAndBeAbsentByDefault() throws Exception {
        assertThat(MailKeysConfiguration.from(properties("node.name", " mx1.example.net ")).nodeName())
            .contains("mx1.example.net");
        assertThat(MailKeysConfiguration.from(properties()).nodeName()).isEmpty();
    }

    @Test
    void aNodeNameThatCannotGoIntoTheHistoryAsItIsShouldFailNamingTheKey() {
        for (String bad : new String[] {"two words", "bidi\u202eb", "x".repeat(101), "line\nbreak"}) {
            assertThatThrownBy(() -> MailKeysConfiguration.from(properties("node.name", bad)))
                .as(bad)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("node.name");
        }
    }

    @Test
    void aMisspeltKeyShouldFailNamingIt() {
        assertThatThrownBy(() -> MailKeysConfiguration.from(properties("store.file.dir", "x")))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("store.file.dir");
    }

    @Test
    void cassandraKeysShouldBeKeptForTheCassandraStore() throws Exception {
        MailKeysConfiguration configuration = MailKeysConfiguration.from(properties("store", "cassandra",
            "store.cassandra.consistency.read", "ONE", "store.cassandra.contact.points", "127.0.0.1:9042,127.0.0.2:9042"));

        assertThat(configuration.storeType()).isEqualTo(MailKeysConfiguration.StoreType.CASSANDRA);
        assertThat(configuration.cassandraProperties())
            .containsEntry("store.cassandra.consistency.read", "ONE")
            .containsEntry("store.cassandra.contact.points", "127.0.0.1:9042,127.0.0.2:9042");
    }

    @Test
    void aMisspeltCassandraKeyShouldFailNamingIt() {
        assertThatThrownBy(() -> MailKeysConfiguration.from(properties("store.cassandra.consistency", "ONE")))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("store.cassandra.consistency");
    }

    @Test
    void theWebKeyDirectoryShouldBeOffUnlessEnabled() throws Exception {
        assertThat(MailKeysConfiguration.from(properties()).webKeyDirectory().enabled()).isFalse();

        MailKeysConfiguration configuration = MailKeysConfiguration.from(properties("wkd.enabled", "true",
            "wkd.port", "8443", "wkd.tls.keystore", "conf/wkd.p12", "wkd.limit.requests.per.ip.per.minute", "30"));

        assertThat(configuration.webKeyDirectory().enabled()).isTrue();
        assertThat(configuration.webKeyDirectory().port()).isEqualTo(8443);
        assertThat(configuration.webKeyDirectory().keystore()).contains("conf/wkd.p12");
        assertThat(configuration.webKeyDirectory().maxRequestsPerIpPerMinute()).isEqualTo(30);
    }

    @Test
    void badWebKeyDirectorySettingsShouldFailNamingTheKey() {
        assertThatThrownBy(() -> MailKeysConfiguration.from(properties("wkd.prot", "443")))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("wkd.prot");
        assertThatThrownBy(() -> MailKeysConfiguration.from(properties("wkd.port", "70000")))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("wkd.port");
        assertThatThrownBy(() -> MailKeysConfiguration.from(properties("wkd.enabled", "yes")))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("wkd.enabled");
        assertThatThrownBy(() -> MailKeysConfiguration.from(properties("wkd.enabled", "true")))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("wkd.tls.keystore");
    }

    @Test
    void aBoundedSettingOutOfItsBoundsShouldFailNamingTheKeyTheUnitAndTheBounds() {
        assertThatThrownBy(() -> MailKeysConfiguration.from(properties("limit.retrieval.bytes", "100")))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("'limit.retrieval.bytes': 100 is below 256")
            .hasMessageContaining("bytes from 256 to");
        assertThatThrownBy(() -> MailKeysConfiguration.from(properties("log.batch.interval.ms", "1s")))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("'log.batch.interval.ms': '1s' is not a whole number")
            .hasMessageContaining("milliseconds from 10 to 60000");
        assertThatThrownBy(() -> MailKeysConfiguration.from(properties("wkd.limit.request.seconds", "3601")))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("'wkd.limit.request.seconds': 3601 is above 3600");
    }

    @Test
    void theServiceLocalPartShouldDefaultToKeysAndBeRead() throws Exception {
        assertThat(MailKeysConfiguration.from(properties()).serviceLocalPart()).isEqualTo("keys");
        assertThat(MailKeysConfiguration.from(properties("service.local.part", " openpgpkey ")).serviceLocalPart())
            .isEqualTo("openpgpkey");
    }

    @Test
    void aBadServiceLocalPartShouldFailNamingTheKey() {
        assertThatThrownBy(() -> MailKeysConfiguration.from(properties("service.local.part", "keys@example.net")))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("service.local.part");
    }

    @Test
    void everyCassandraSettingOfTheStoreShouldBeAccepted() throws Exception {
        for (String name : org.mailkeys.store.cassandra.CassandraKeyStoreConfiguration.SETTING_NAMES) {
            assertThat(MailKeysConfiguration.from(properties("store.cassandra." + name, "1")).cassandraProperties())
                .containsKey("store.cassandra." + name);
        }
    }

    @Test
    void theRequestLimitsShouldBeReadAndDefaultToThoseOfTheProtocol() throws Exception {
        RequestLimits defaults = MailKeysConfiguration.from(properties()).requestLimits();
        assertThat(defaults.retrievalBytes()).isEqualTo(4096);
        assertThat(defaults.publicationBytes()).isEqualTo(65536);
        assertThat(defaults.publicationMailBytes()).isEqualTo(4 * 65536);

        RequestLimits set = MailKeysConfiguration.from(properties("limit.retrieval.bytes", " 8192 ",
            "limit.publication.bytes", "524288")).requestLimits();
        assertThat(set.retrievalBytes()).isEqualTo(8192);
        assertThat(set.publicationBytes()).isEqualTo(524288);
    }

    @Test
    void aRequestLimitOutOfItsBoundsShouldFailNamingTheKey() {
        String[][] bad = {{"limit.retrieval.bytes", "255"}, {"limit.retrieval.bytes", "four"},
            {"limit.retrieval.bytes", "2147483648"}, {"limit.publication.bytes", "1023"},
            {"limit.publication.bytes", "1048577"}, {"limit.publication.bytes", "-1"}};
        for (String[] keyValue : bad) {
            assertThatThrownBy(() -> MailKeysConfiguration.from(properties(keyValue[0], keyValue[1])))
                .as(keyValue[0] + "=" + keyValue[1])
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(keyValue[0])
                .hasMessageContaining(keyValue[1]);
        }
    }
}
