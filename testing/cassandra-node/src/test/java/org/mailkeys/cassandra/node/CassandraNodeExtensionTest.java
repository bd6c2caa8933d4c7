package org.mailkeys.cassandra.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CassandraNodeExtensionTest {
    static class AVeryLongTestClassNameThatGoesOnAndOnBeyondWhatCassandraTakesAsAKeyspaceName {
    }

    @Test
    void theKeyspaceShouldBeAPlainCassandraNameOfTheClass() {
        assertThat(CassandraNodeExtension.keyspaceOf(CassandraNodeExtensionTest.class))
            .isEqualTo("t_cassandranodeextensiontest");
        assertThat(CassandraNodeExtension.keyspaceOf(
            AVeryLongTestClassNameThatGoesOnAndOnBeyondWhatCassandraTakesAsAKeyspaceName.class))
            .hasSize(48).matches("[a-z][a-z0-9_]*");
    }

    @Test
    void aSharedNodeShouldNotBeStoppedByOneClass() {
        CassandraNodeExtension shared = CassandraNodeExtension.sharedInThisJvm();

        assertThatThrownBy(shared::stop).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(shared::restart).isInstanceOf(IllegalStateException.class);
    }
}
