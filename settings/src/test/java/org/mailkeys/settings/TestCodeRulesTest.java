package org.mailkeys.settings;

import org.junit.jupiter.api.Test;
import org.mailkeys.testing.rules.TestCodeRules;

/** The build's rules for test code (testing/rules), on this module's tests: programs start through the harness. */
class TestCodeRulesTest {
    @Test
    void testCodeShouldFollowTheBuildsRules() {
        TestCodeRules.checkTestClassesBeside(TestCodeRulesTest.class);
    }
}
