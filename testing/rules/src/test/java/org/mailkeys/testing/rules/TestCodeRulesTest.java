package org.mailkeys.testing.rules;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;
import org.mailkeys.example.ExecsByHand;
import org.mailkeys.example.KillsByHand;
import org.mailkeys.example.RunsTheScriptByHand;
import org.mailkeys.example.StartsGpgByHand;
import org.mailkeys.example.StartsJamesByHand;
import org.mailkeys.example.UsesTheHarness;

/**
 * The rules fail on each way of starting or stopping a program by hand, and of starting James beside TestJames; they
 * pass a test that does none of these.
 */
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
    void aTestStartingJamesInThisJvmByHandShouldBreakTheBuild() {
        assertThatThrownBy(() -> checkJames(StartsJamesByHand.class))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("TestJames")
            .hasMessageContaining("MemoryJamesServerMain.createServer")
            .hasMessageContaining("GuiceJamesServer.forConfiguration")
            .hasMessageContaining("JamesServerBuilder");
    }

    @Test
    void aTestNamingTheOperatorsScriptShouldBreakTheBuild() {
        assertThatThrownBy(() -> TestCodeRules.TESTS_RUN_THE_SCRIPT_THROUGH_TEST_JAMES.check(
                new ClassFileImporter().importClasses(RunsTheScriptByHand.class)))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("RunsTheScriptByHand names bin/mailkeys-server");
    }

    @Test
    void aTestWithoutProcessesShouldPass() {
        assertThatCode(() -> check(UsesTheHarness.class)).doesNotThrowAnyException();
        assertThatCode(() -> checkJames(UsesTheHarness.class)).doesNotThrowAnyException();
    }

    @Test
    void theHarnessItselfMayStartPrograms() {
        assertThatCode(() -> check(TestCodeRules.class)).doesNotThrowAnyException();
    }

    private static void checkJames(Class<?> testClass) {
        JavaClasses classes = new ClassFileImporter().importClasses(testClass);
        TestCodeRules.TESTS_START_JAMES_THROUGH_TEST_JAMES.check(classes);
        TestCodeRules.TESTS_RUN_THE_SCRIPT_THROUGH_TEST_JAMES.check(classes);
    }

    private static void check(Class<?> testClass) {
        TestCodeRules.TESTS_START_PROGRAMS_THROUGH_THE_HARNESS.check(new ClassFileImporter().importClasses(testClass));
    }
}
