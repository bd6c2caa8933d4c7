package org.mailkeys.testing.rules;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;
import org.mailkeys.example.ExecsByHand;
import org.mailkeys.example.KillsByHand;
import org.mailkeys.example.StartsGpgByHand;
import org.mailkeys.example.UsesTheHarness;

/** The rule fails on each way of starting or stopping a program by hand, and passes a test that does neither. */
class TestCodeRulesTest {
    @Test
    void aTestStartingAProgramWithProcessBuilderShouldBreakTheBuild() {
        assertThatThrownBy(() -> check(StartsGpgByHand.class))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("StartsGpgByHand")
            .hasMessageContaining("ProcessBuilder");
    }

    @Test
    void aTestCallingRuntimeExecShouldBreakTheBuild() {
        assertThatThrownBy(() -> check(ExecsByHand.class))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("ExecsByHand")
            .hasMessageContaining("exec");
    }

    @Test
    void aTestKillingProcessesByHandShouldBreakTheBuild() {
        assertThatThrownBy(() -> check(KillsByHand.class))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("ProcessHandle");
    }

    @Test
    void aTestWithoutProcessesShouldPass() {
        assertThatCode(() -> check(UsesTheHarness.class)).doesNotThrowAnyException();
    }

    @Test
    void theHarnessItselfMayStartPrograms() {
        assertThatCode(() -> check(TestCodeRules.class)).doesNotThrowAnyException();
    }

    private static void check(Class<?> testClass) {
        TestCodeRules.TESTS_START_PROGRAMS_THROUGH_THE_HARNESS.check(new ClassFileImporter().importClasses(testClass));
    }
}
