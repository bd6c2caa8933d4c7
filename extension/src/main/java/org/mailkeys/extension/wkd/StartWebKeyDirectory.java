package org.mailkeys.extension.wkd;

import java.io.IOException;
import java.io.UncheckedIOException;

import javax.inject.Inject;

import org.apache.james.utils.UserDefinedStartable;

/**
 * Starts the Web Key Directory listener with James, when {@code mailkeys.properties} turns it on
 * ({@code wkd.enabled=true}); a port that cannot be bound or an unreadable keystore fails the start. In
 * {@code conf/extensions.properties}, beside the key table startable:
 * <pre>
 * guice.extension.startable=org.mailkeys.extension.cassandra.CreateCassandraKeyTable,org.mailkeys.extension.wkd.StartWebKeyDirectory
 * </pre>
 */
public class StartWebKeyDirectory implements UserDefinedStartable {
    private final WebKeyDirectoryLifecycle lifecycle;

    @Inject
    public StartWebKeyDirectory(WebKeyDirectoryLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public void start() {
        try {
            lifecycle.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
