package org.mailkeys.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;

class CassandraKeyStoreConfigurationTest {
    @Test
    void defaultsShouldUseQuorumAndSerial() {
        CassandraKeyStoreConfiguration configuration = CassandraKeyStoreConfiguration.defaults();

        assertThat(configuration.contactPoints()).containsExactly("127.0.0.1:9042");
        assertThat(configuration.localDatacenter()).isEqualTo("datacenter1");
        assertThat(configuration.keyspace()).isEqualTo("mailkeys");
        assertThat(configuration.replicationFactor()).isEqualTo(1);
        assertThat(configuration.readConsistency()).isEqualTo(DefaultConsistencyLevel.QUORUM);
        assertThat(configuration.writeConsistency()).isEqualTo(DefaultConsistencyLevel.QUORUM);
        assertThat(configuration.serialConsistency()).isEqualTo(DefaultConsistencyLevel.SERIAL);
    }

    @Test
    void fromPropertiesShouldReadEverySettingBehindThePrefix() {
        Properties properties = new Properties();
        properties.setProperty("cassandra.contact.points", "127.0.0.1:9042, 127.0.0.2:9042");
        properties.setProperty("cassandra.local.datacenter", "dc2");
        properties.setProperty("cassandra.keyspace", "keys_ks");
        properties.setProperty("cassandra.replication.factor", "2");
        properties.setProperty("cassandra.consistency.read", "local_one");
        properties.setProperty("cassandra.consistency.write", "LOCAL_QUORUM");
        properties.setProperty("cassandra.consistency.serial", "LOCAL_SERIAL");
        properties.setProperty("cassandra.request.timeout.millis", "3000");

        CassandraKeyStoreConfiguration configuration =
            CassandraKeyStoreConfiguration.fromProperties(properties, "cassandra.");

        assertThat(configuration.contactPoints()).containsExactly("127.0.0.1:9042", "127.0.0.2:9042");
        assertThat(configuration.localDatacenter()).isEqualTo("dc2");
        assertThat(configuration.keyspace()).isEqualTo("keys_ks");
        assertThat(configuration.replicationFactor()).isEqualTo(2);
        assertThat(configuration.readConsistency()).isEqualTo(DefaultConsistencyLevel.LOCAL_ONE);
        assertThat(configuration.writeConsistency()).isEqualTo(DefaultConsistencyLevel.LOCAL_QUORUM);
        assertThat(configuration.serialConsistency()).isEqualTo(DefaultConsistencyLevel.LOCAL_SERIAL);
        assertThat(configuration.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void fromPropertiesShouldNameAnUnknownConsistencyLevel() {
        Properties properties = new Properties();
        properties.setProperty("cassandra.consistency.read", "MOST");

        assertThatThrownBy(() -> CassandraKeyStoreConfiguration.fromProperties(properties, "cassandra."))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("cassandra.consistency.read");
    }

    @Test
    void fromPropertiesShouldNameANumberOutOfItsBoundsWithItsPrefix() {
        Properties replicas = new Properties();
        replicas.setProperty("cassandra.replication.factor", "0");
        Properties timeout = new Properties();
        timeout.setProperty("cassandra.request.timeout.millis", "ten");

        assertThatThrownBy(() -> CassandraKeyStoreConfiguration.fromProperties(replicas, "cassandra."))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'cassandra.replication.factor': 0 is below 1");
        assertThatThrownBy(() -> CassandraKeyStoreConfiguration.fromProperties(timeout, "cassandra."))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'cassandra.request.timeout.millis': 'ten' is not a whole number")
            .hasMessageContaining("milliseconds");
    }

    @Test
    void serialConsistencyShouldBeASerialLevel() {
        assertThatThrownBy(() -> CassandraKeyStoreConfiguration.builder()
                .serialConsistency(DefaultConsistencyLevel.QUORUM).build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("consistency.serial");
    }

    @Test
    void keyspaceShouldBeAPlainName() {
        assertThatThrownBy(() -> CassandraKeyStoreConfiguration.builder().keyspace("a; DROP").build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("keyspace");
    }

    @Test
    void replicationFactorShouldBePositive() {
        Properties properties = new Properties();
        properties.setProperty("replication.factor", "0");

        assertThatThrownBy(() -> CassandraKeyStoreConfiguration.fromProperties(properties, ""))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("replication.factor");
    }
}
