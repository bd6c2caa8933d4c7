package org.mailkeys.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class LogEntryTest {
    private static final byte[] LABEL = filled(32, 1);
    private static final byte[] DIGEST = filled(32, 2);

    @Test
    void bytesShouldBeExactlyTheSixLinesOfTheFormat() {
        LogEntry entry = new LogEntry(LABEL, 42, LogEntry.Change.PUBLISHED, Optional.of(DIGEST),
            Instant.parse("2026-12-05T03:04:05.678Z"));
        assertThat(new String(entry.bytes(), StandardCharsets.US_ASCII)).isEqualTo("mailkeys-log-entry v1\n"
            + "label AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=\n"
            + "version 42\n"
            + "change published\n"
            + "key AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=\n"
            + "time 2026-12-05T03:04:05Z\n");
    }

    @Test
    void aDeletionShouldCarryADashForItsKey() {
        LogEntry entry = new LogEntry(LABEL, 43, LogEntry.Change.DELETED, Optional.empty(),
            Instant.parse("2026-12-05T03:04:05Z"));
        assertThat(new String(entry.bytes(), StandardCharsets.US_ASCII)).contains("change deleted\nkey -\n");
        assertThat(LogEntry.parse(entry.bytes())).hasValueSatisfying(
            parsed -> assertThat(parsed.bytes()).isEqualTo(entry.bytes()));
    }

    @Test
    void parseShouldReadBackWhatBytesWrites() {
        LogEntry entry = new LogEntry(LABEL, 7, LogEntry.Change.REPLACED, Optional.of(DIGEST),
            Instant.parse("2026-01-02T03:04:05Z"));
        LogEntry parsed = LogEntry.parse(entry.bytes()).orElseThrow();
        assertThat(parsed.label()).isEqualTo(LABEL);
        assertThat(parsed.version()).isEqualTo(7);
        assertThat(parsed.change()).isEqualTo(LogEntry.Change.REPLACED);
        assertThat(parsed.keyDigest()).hasValueSatisfying(digest -> assertThat(digest).isEqualTo(DIGEST));
        assertThat(parsed.time()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    }

    @Test
    void parseShouldRefuseAnythingButTheCanonicalForm() {
        String good = new String(new LogEntry(LABEL, 7, LogEntry.Change.REPLACED, Optional.of(DIGEST),
            Instant.parse("2026-01-02T03:04:05Z")).bytes(), StandardCharsets.US_ASCII);
        for (String bad : new String[] {good.replace("version 7", "version 07"), good.replace("\n", "\r\n"),
            good + "extra\n", good.replace("change replaced", "change Replaced"),
            good.replace("05Z", "05.000Z"), good.substring(0, good.length() - 1)}) {
            assertThat(LogEntry.parse(bad.getBytes(StandardCharsets.US_ASCII))).as(bad).isEmpty();
        }
        assertThat(LogEntry.parse(new byte[10_000])).isEmpty();
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
