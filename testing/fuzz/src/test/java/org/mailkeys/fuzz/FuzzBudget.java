package org.mailkeys.fuzz;

/**
 * How long {@code mvn verify} fuzzes each target. The build's run is a smoke test over the seeds' neighbourhood that
 * keeps CI short (three targets, each in a JVM of its own); the long runs are Jazzer's own command line, as
 * docs/TESTING.md ("Fuzzing") shows, for an hour or more per target.
 */
final class FuzzBudget {
    /** Per target, in Jazzer's duration syntax. */
    static final String IN_THE_BUILD = "20s";

    private FuzzBudget() {
    }
}
