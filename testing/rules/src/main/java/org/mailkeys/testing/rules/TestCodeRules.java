package org.mailkeys.testing.rules;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.net.URISyntaxException;
import java.nio.file.Path;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The rules every module's test code follows, checked at build time by a small test per module
 * ({@code TestCodeRulesTest}) that calls {@link #checkTestClassesBeside(Class)}.
 */
public final class TestCodeRules {
    /** Where starting a program is allowed: the harness, which stops what it starts (and its Cassandra node). */
    static final String[] HARNESS_PACKAGES = {"org.mailkeys.testing..", "org.mailkeys.cassandra.node.."};

    /**
     * A test starts gpg, a DNS server, James or any other program through {@code org.mailkeys.testing.Command}, whose
     * {@code RunningProgram} stops the program and everything it spawned before the test's folders are removed. A
     * program started by hand outlives a failing test (a gpg-agent removing its sockets while JUnit deletes the
     * folder, a James holding ports for the next test).
     */
    public static final ArchRule TESTS_START_PROGRAMS_THROUGH_THE_HARNESS = noClasses()
        .that().resideOutsideOfPackages(HARNESS_PACKAGES)
        .should().dependOnClassesThat().belongToAnyOf(ProcessBuilder.class, Process.class, ProcessHandle.class)
        .orShould().callMethodWhere(target(name("exec")).and(target(owner(JavaClass.Predicates.assignableTo(Runtime.class)))))
        .because("a test starts programs through org.mailkeys.testing.Command (the harness), which stops them and "
            + "every process they spawned before the test's folders are removed")
        .allowEmptyShould(true);

    private TestCodeRules() {
    }

    /** Checks every rule on the test classes compiled beside {@code testClass} (its module's test-classes folder). */
    public static void checkTestClassesBeside(Class<?> testClass) {
        JavaClasses classes = testClassesBeside(testClass);
        if (!classes.contain(testClass)) {
            // the import found nothing to check: a rule passing on no classes proves nothing
            throw new AssertionError("no test classes imported beside " + testClass.getName());
        }
        TESTS_START_PROGRAMS_THROUGH_THE_HARNESS.check(classes);
    }

    /** The classes of the folder (or jar) {@code testClass} was loaded from, test classes only. */
    public static JavaClasses testClassesBeside(Class<?> testClass) {
        Path location;
        try {
            location = Path.of(testClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS).importPath(location);
    }
}
