package org.mailkeys.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailkeys.transparency.LogPublicKeys;

class HttpsLogDirectoryTest {
    private static final String VKEY = "example.net/mailkeys-log+79241e57+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4";
    private static final String VRF = "A2D+1LolWp0xyWHrdMY1bWjASbiSO2H6bOZpYi5g8p+2";

    @Test
    void theTxtRecordOfSection13IsRead() {
        LogPublicKeys keys = HttpsLogDirectory.parseTxt(List.of("v=mailkeys-log1; vkey=" + VKEY + "; vrf=" + VRF)).orElseThrow();

        assertThat(keys.text()).isEqualTo("vkey " + VKEY + "\nvrf " + VRF + "\n");
        assertThat(keys.origin()).isEqualTo("example.net/mailkeys-log");
    }

    @Test
    void noneOrSeveralOrMalformedRecordsAreNoKeys() {
        String record = "v=mailkeys-log1; vkey=" + VKEY + "; vrf=" + VRF;

        assertThat(HttpsLogDirectory.parseTxt(List.of())).isEmpty();
        assertThat(HttpsLogDirectory.parseTxt(List.of(record, record))).isEmpty();
        assertThat(HttpsLogDirectory.parseTxt(List.of("v=mailkeys-log1; vrf=" + VRF + "; vkey=" + VKEY))).isEmpty();
        assertThat(HttpsLogDirectory.parseTxt(List.of(record.replace("+79241e57+", "+79241e58+")))).isEmpty();
        assertThat(HttpsLogDirectory.parseTxt(List.of("v=spf1 -all", record))).isPresent();
    }
}
