package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.apache.james.JamesServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailkeys.testing.WebAdmin;
import org.mailkeys.distribution.testjames.TestJames;

/**
 * The operator routes on the shipped configuration (file store), which also serves James' and MailKeys' metrics on
 * WebAdmin's Prometheus route.
 */
class FileStoreOperatorRoutesTest extends OperatorRoutesContract {
    private static final RuntimeFolder RUNTIME = RuntimeFolder.forTests()
        .withMailKeysProperties(mailKeysProperties("store=file", "store.file.directory=var/mailkeys/keys"));

    @RegisterExtension
    static JamesServerExtension james = TestJames.perClass(RUNTIME);

    @Override
    ListenerPorts ports() {
        return RUNTIME.ports();
    }

    @Test
    void metricsShouldBeServedOnWebAdminsPrometheusRoute() throws Exception {
        publishNewKey(user("ivan"), "Ivan");
        webAdmin().get("/mailkeys/keys/" + user("ivan"));

        HttpResponse<String> metrics = webAdmin().get("/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
            .contains("mailkeys_answer_confirmation")
            .contains("mailkeys_store_put")
            .contains("mailkeys_store_find")
            // James' own metrics are there too
            .contains("jvm_");
    }
}
