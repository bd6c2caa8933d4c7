package org.mailkeys.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class BoundedNumberTest {
    private final BoundedNumber retrieval = BoundedNumber.bytes("limit.retrieval.bytes", 256, Integer.MAX_VALUE);
    private final BoundedNumber interval = BoundedNumber.duration("log.batch.interval.ms", ChronoUnit.MILLIS, 10,
        60_000);
    private final BoundedNumber port = BoundedNumber.count("wkd.port", 0, 65535);

    @Test
    void aValueWithinTheBoundsShouldBeReadWithoutTheSpacesAround() {
        assertThat(retrieval.parse(" 4096 ")).isEqualTo(4096);
        assertThat(port.parse("0")).isZero();
        assertThat(port.parse("65535")).isEqualTo(65535);
    }

    @Test
    void anAbsentOrBlankValueShouldTakeTheDefault() {
        assertThat(retrieval.parse(Optional.empty(), 4096)).isEqualTo(4096);
        assertThat(retrieval.parse(Optional.of("  "), 4096)).isEqualTo(4096);
        assertThat(port.parseInt(Optional.empty(), 443)).isEqualTo(443);
    }

    @Test
    void aValueThatIsNoWholeNumberShouldBeRefusedNamingTheSettingAndTheBounds() {
        assertThatThrownBy(() -> retrieval.parse("4k"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("bad value for 'limit.retrieval.bytes': '4k' is not a whole number; expected a whole number"
                + " of bytes from 256 to 2147483647");
        assertThatThrownBy(() -> port.parse("1.5")).hasMessageContaining("'wkd.port'").hasMessageContaining("'1.5'");
        assertThatThrownBy(() -> port.parse("99999999999999999999")).hasMessageContaining("not a whole number");
    }

    @Test
    void aValueBelowTheLeastShouldBeRefused() {
        assertThatThrownBy(() -> retrieval.parse("255"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("bad value for 'limit.retrieval.bytes': 255 is below 256; expected a whole number of bytes"
                + " from 256 to 2147483647");
        assertThatThrownBy(() -> port.parse("-1")).hasMessageContaining("-1 is below 0");
    }

    @Test
    void aValueAboveTheMostShouldBeRefused() {
        assertThatThrownBy(() -> port.parse("65536"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("bad value for 'wkd.port': 65536 is above 65535; expected a whole number from 0 to 65535");
    }

    @Test
    void aDurationShouldBeCountedInItsSettingsUnit() {
        assertThat(interval.parseDuration(Optional.of("250"), Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(250));
        assertThat(interval.parseDuration(Optional.empty(), Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> interval.parseDuration(Optional.of("5"), Duration.ofSeconds(1)))
            .hasMessage("bad value for 'log.batch.interval.ms': 5 is below 10; expected a whole number of milliseconds"
                + " from 10 to 60000");
        assertThat(BoundedNumber.duration("storeTimeoutSeconds", ChronoUnit.SECONDS, 1, 3600)
            .parseDuration(Optional.of("10"), Duration.ZERO)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aNumberThatIsNoDurationShouldNotBeReadAsOne() {
        assertThatThrownBy(() -> port.parseDuration(Optional.of("1"), Duration.ZERO))
            .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void reversedBoundsShouldBeAProgrammingError() {
        assertThatThrownBy(() -> BoundedNumber.count("x", 2, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
