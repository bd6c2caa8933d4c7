package org.mailkeys.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PasswordSourceTest {
    @Test
    void passwordEnvShouldReadTheNamedVariable() {
        PasswordSource source = new PasswordSource("MK_PW", null, Map.of("MK_PW", "s3cret"));

        assertThat(source.password("alice@example.net")).containsExactly("s3cret".toCharArray());
    }

    @Test
    void aMissingPasswordVariableShouldBeAUsageError() {
        PasswordSource source = new PasswordSource("MK_PW", null, Map.of());

        assertThatThrownBy(() -> source.password("alice@example.net"))
            .isInstanceOf(CliException.class)
            .hasMessageContaining("MK_PW");
    }

    @Test
    void passwordCommandShouldTakeTheFirstLineOfItsOutput() {
        PasswordSource source = new PasswordSource(null, "printf 'from-command\\nsecond line\\n'", Map.of());

        assertThat(source.password("alice@example.net")).containsExactly("from-command".toCharArray());
    }

    @Test
    void aFailingPasswordCommandShouldBeAUsageErrorWithoutItsOutput() {
        PasswordSource source = new PasswordSource(null, "echo leaked; exit 3", Map.of());

        assertThatThrownBy(() -> source.password("alice@example.net"))
            .isInstanceOf(CliException.class)
            .hasMessageContaining("exit status 3")
            .hasMessageNotContaining("leaked");
    }
}
