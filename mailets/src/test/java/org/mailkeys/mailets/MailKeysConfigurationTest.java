package org.mailkeys.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.configuration2.PropertiesConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.junit.jupiter.api.Test;

class MailKeysConfigurationTest {
    private static PropertiesConfiguration properties(String... keyValues) {
        PropertiesConfiguration configuration = new PropertiesConfiguration();
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
    void aMisspeltKeyShouldFailNamingIt() {
        assertThatThrownBy(() -> MailKeysConfiguration.from(properties("store.file.dir", "x")))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("store.file.dir");
    }

    @Test
    void cassandraKeysShouldBeLeftToTheCassandraStore() throws Exception {
        MailKeysConfiguration configuration = MailKeysConfiguration.from(
            properties("store", "cassandra", "store.cassandra.consistency", "QUORUM"));

        assertThat(configuration.storeType()).isEqualTo(MailKeysConfiguration.StoreType.CASSANDRA);
    }
}
