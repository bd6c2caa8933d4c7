package org.mailkeys.client.cli;

import java.util.Optional;

import org.mailkeys.client.ClientSettings;
import org.mailkeys.client.Outcome;

/** The command line's advice on a request that could not be sent: which option of {@code mailkeys} gets past it. */
final class FailureHints {
    private final int mxPort;
    private final String requirement;

    FailureHints(ClientSettings settings) {
        this.mxPort = settings.mxPort();
        this.requirement = settings.requirement().map(required -> required.wireName()).orElse("");
    }

    Optional<String> of(Outcome outcome) {
        return outcome.accept(new Outcome.Cases<Optional<String>>() {
            @Override
            public Optional<String> otherwise(Outcome other) {
                return Optional.empty();
            }

            @Override
            public Optional<String> failed(Outcome.Failed failed) {
                return failed.obstacle().map(FailureHints.this::advice);
            }
        });
    }

    private String advice(Outcome.Failed.Obstacle obstacle) {
        switch (obstacle) {
            case MAIL_EXCHANGERS_UNREACHABLE:
                return "port " + mxPort + " may be blocked on this network; --relay sends the request through your own "
                        + "provider (relayed mode)";
            case RELAYED_MODE_RULED_OUT:
                return "--require " + requirement + " cannot be met in relayed mode, where the request passes through "
                        + "your provider";
            default:
                throw new IllegalStateException("no advice for " + obstacle);
        }
    }
}
