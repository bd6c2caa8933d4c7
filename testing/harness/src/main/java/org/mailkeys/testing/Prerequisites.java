package org.mailkeys.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from its machine (an installed program, root for a port below 1024): the one place where a
 * missing prerequisite either skips the test (a developer's machine) or fails it (CI). Under the strict switch, system
 * property {@code mailkeys.test.strict=true} or environment variable {@code MAILKEYS_TEST_STRICT=1}, which
 * {@code .ci/run} sets, a test that cannot run its proof fails: a green CI run then means every proof ran.
 */
public final class Prerequisites {
    public static final String PROPERTY = "mailkeys.test.strict";
    public static final String VARIABLE = "MAILKEYS_TEST_STRICT";

    private Prerequisites() {
    }

    /** True under the strict switch: a missing prerequisite fails the test. */
    public static boolean strict() {
        String property = System.getProperty(PROPERTY, "");
        String variable = System.getenv().getOrDefault(VARIABLE, "");
        return "true".equalsIgnoreCase(property) || "1".equals(property)
            || "1".equals(variable) || "true".equalsIgnoreCase(variable);
    }

    /** The test goes on only if {@code met}; otherwise it is skipped, or fails under the strict switch. */
    public static void require(boolean met, String whatIsMissing) {
        if (met) {
            return;
        }
        if (strict()) {
            throw new AssertionError(whatIsMissing + " (" + VARIABLE + "/" + PROPERTY
                + " is set: a missing prerequisite fails instead of skipping)");
        }
        Assumptions.assumeTrue(false, whatIsMissing);
    }

    /** The test runs as root (ports below 1024, mount namespaces). */
    public static void requireRoot(String why) {
        require(isRoot(), "not root: " + why);
    }

    /** The program is installed in the system's usual folders. */
    public static void requireProgram(String name, String why) {
        require(ExternalPrograms.executable(name).isPresent(), name + " is not installed: " + why);
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
