package org.mailkeys.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mailkeys.client.ClientSettings;
import org.mailkeys.client.Outcome;
import org.mailkeys.client.Protection;

class FailureHintsTest {
    @Test
    void unreachableMailExchangersShouldPointToRelayedModeAndNameThePort() {
        FailureHints hints = new FailureHints(ClientSettings.builder("bob@acme.test").mxPort(2525).build());

        assertThat(hints.of(new Outcome.Failed("alice@example.test", "no route",
                Outcome.Failed.Obstacle.MAIL_EXCHANGERS_UNREACHABLE)))
                .contains("port 2525 may be blocked on this network; --relay sends the request through your own provider "
                        + "(relayed mode)");
    }

    @Test
    void aRequirementThatRulesOutRelayedModeShouldBeNamed() {
        FailureHints hints = new FailureHints(ClientSettings.builder("bob@acme.test")
                .require(Protection.Requirement.DANE).build());

        assertThat(hints.of(new Outcome.Failed("alice@example.test", "no route",
                Outcome.Failed.Obstacle.RELAYED_MODE_RULED_OUT)))
                .contains("--require dane cannot be met in relayed mode, where the request passes through your provider");
    }

    @Test
    void otherOutcomesShouldHaveNoHint() {
        FailureHints hints = new FailureHints(ClientSettings.builder("bob@acme.test").build());

        assertThat(hints.of(new Outcome.Failed("alice@example.test", "login refused"))).isEqualTo(Optional.empty());
        assertThat(hints.of(new Outcome.NotFound("alice@example.test", false))).isEmpty();
    }
}
