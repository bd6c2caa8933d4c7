package org.mailkeys.benchmarks;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import org.mailkeys.store.StoredKey;
import org.mailkeys.store.cassandra.CassandraKeyTable;

/**
 * Fills a Cassandra store's table (created by the store itself) with plain INSERTs, many in flight: the same rows
 * the store's lightweight transactions write, a hundred times faster, since filling is the harness and not the
 * measurement.
 */
final class CassandraFiller {
    private static final int IN_FLIGHT = 128;

    private CassandraFiller() {
    }

    static void fill(String ip, int port, String keyspace, int from, int to, byte[] keyBytes) throws InterruptedException {
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(60))
            .build();
        try (CqlSession session = CqlSession.builder().withConfigLoader(config)
            .addContactPoint(new InetSocketAddress(ip, port)).withLocalDatacenter("datacenter1").withKeyspace(keyspace).build()) {
            PreparedStatement insert = session.prepare("INSERT INTO " + CassandraKeyTable.TABLE_NAME + " ("
                + CassandraKeyTable.ADDRESS + ", " + CassandraKeyTable.VERSION + ", " + CassandraKeyTable.KEY_BYTES + ", "
                + CassandraKeyTable.FINGERPRINT + ", " + CassandraKeyTable.PUBLISHED_AT + ") VALUES (?, ?, ?, ?, ?)");
            Semaphore inFlight = new Semaphore(IN_FLIGHT);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int i = from; i < to && failure.get() == null; i++) {
                StoredKey key = StoreLookups.key(i, keyBytes);
                inFlight.acquire();
                session.executeAsync(insert.bind(key.address(), key.version(), ByteBuffer.wrap(key.keyBytes()),
                    key.fingerprint(), key.publishedAt()))
                    .whenComplete((result, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, error);
                        }
                        inFlight.release();
                    });
            }
            inFlight.acquire(IN_FLIGHT);
            if (failure.get() != null) {
                throw new IllegalStateException("filling " + keyspace + " failed", failure.get());
            }
        }
    }
}
