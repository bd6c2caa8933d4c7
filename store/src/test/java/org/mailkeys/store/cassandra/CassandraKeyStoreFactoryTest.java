package org.mailkeys.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfig;

class CassandraKeyStoreFactoryTest {
    private static final Duration SCHEMA_TIMEOUT = Duration.ofMinutes(1);

    /**
     * James' CassandraTableManager creates tables under the TABLE_CREATION profile, and under a 10 s default without
     * it: a loaded node (the cluster test at load 20, the benchmarks' heap figure) failed James' start on that.
     */
    @Test
    void tableCreationShouldHaveTheSchemaTimeoutNotJamesTenSecondDefault() {
        DriverConfig config = CassandraKeyStoreFactory.driverConfig(SCHEMA_TIMEOUT).getInitialConfig();

        assertThat(config.getProfiles()).containsKey(CassandraKeyStoreFactory.TABLE_CREATION_PROFILE);
        assertThat(config.getProfile(CassandraKeyStoreFactory.TABLE_CREATION_PROFILE)
            .getDuration(DefaultDriverOption.REQUEST_TIMEOUT)).isEqualTo(SCHEMA_TIMEOUT);
        assertThat(config.getDefaultProfile().getDuration(DefaultDriverOption.REQUEST_TIMEOUT)).isEqualTo(SCHEMA_TIMEOUT);
    }
}
