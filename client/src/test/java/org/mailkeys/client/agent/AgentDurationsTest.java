package org.mailkeys.client.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class AgentDurationsTest {
    @Test
    void eachUnitShouldBeRead() {
        assertThat(AgentDurations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(AgentDurations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(AgentDurations.parse("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(AgentDurations.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(AgentDurations.parse(" 2D ")).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void otherFormsZeroAndHugeValuesShouldBeRefused() {
        for (String bad : new String[] {"", "1", "d", "1w", "1.5h", "-1d", "0s", "1d2h", "3651d", "99999999d", "PT1H"}) {
            assertThatThrownBy(() -> AgentDurations.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void formatShouldReadBackToTheSameDuration() {
        for (Duration duration : new Duration[] {Duration.ofSeconds(45), Duration.ofMinutes(90), Duration.ofHours(36), Duration.ofDays(1)}) {
            assertThat(AgentDurations.parse(AgentDurations.format(duration))).isEqualTo(duration);
        }
        assertThat(AgentDurations.format(Duration.ofDays(1))).isEqualTo("1d");
    }
}
