package org.mailkeys.benchmarks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import org.junit.jupiter.api.Test;
import org.mailkeys.testing.rules.TestCodeRules;

/** The build's rules for test code (testing/rules), on this module's tests: programs start through the harness. */
class TestCodeRulesTest {
    @Test
    void testCodeShouldFollowTheBuildsRules() {
        TestCodeRules.checkTestClassesBeside(TestCodeRulesTest.class);
    }

    /** Other modules' code is reached through their public (test-jar) classes, never by joining their packages. */
    @Test
    void benchmarkClassesShouldLiveInTheBenchmarksPackage() {
        classes().should().resideInAPackage("org.mailkeys.benchmarks..")
            .because("a class declared in another module's package reaches its package-private code")
            .check(TestCodeRules.testClassesBeside(TestCodeRulesTest.class));
    }
}
