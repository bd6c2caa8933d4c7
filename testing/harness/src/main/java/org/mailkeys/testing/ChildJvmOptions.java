package org.mailkeys.testing;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The JIT options of this JVM that the JVMs a test starts (James, the client's command line, a Cassandra node) take
 * over. The build runs its tests with the client compiler only ({@code -XX:TieredStopAtLevel=1}, property
 * {@code mailkeys.test.jvm} of the parent pom): a test JVM lives a few minutes and spends most of its CPU on class
 * loading and start-up, which C2 compilation only slows on two cores. The benchmarks run without it, and so do the
 * JVMs they start.
 */
public final class ChildJvmOptions {
    private static final List<String> TAKEN_OVER = List.of("-XX:TieredStopAtLevel=");

    private ChildJvmOptions() {
    }

    /** The options, in the order this JVM got them; empty when it has none of them. */
    public static List<String> list() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(argument -> TAKEN_OVER.stream().anyMatch(argument::startsWith))
            .collect(Collectors.toList());
    }

    /** The same, as one line for a script's environment ({@code MAILKEYS_JAVA_OPTS} of bin/mailkeys-server). */
    public static String line() {
        return String.join(" ", list());
    }
}
