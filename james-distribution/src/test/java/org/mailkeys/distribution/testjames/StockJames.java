package org.mailkeys.distribution.testjames;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.mailkeys.distribution.ListenerPorts;

/**
 * James' stock memory distribution as its README starts it ({@link TestJames#stockDistribution}): {@code java -jar}
 * in its folder, whatever conf/ and extensions-jars/ the test installed there.
 */
public final class StockJames extends JamesWithShippedListeners {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final JamesJvm jvm;

    private StockJames(JamesJvm jvm, ListenerPorts ports) {
        super(ports);
        this.jvm = jvm;
    }

    static StockJames start(Path home, String jar, ListenerPorts ports) throws IOException {
        // its output and, where its logback.xml writes one, logs/james.log
        JamesJvm jvm = JamesJvm.start("stock James in " + home, home,
            List.of("-Xmx512m", "-Dworking.directory=.", "-Dlogback.configurationFile=conf/logback.xml", "-jar", jar),
            List.of(home.resolve("james.out"), home.resolve("logs/james.log")));
        return new StockJames(jvm, ports);
    }

    @Override
    public void kill() {
        jvm.kill();
    }

    @Override
    public String log() throws IOException {
        return jvm.log();
    }

    @Override
    public void close() {
        jvm.stop(STOP_TIMEOUT);
    }
}
