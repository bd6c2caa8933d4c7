package org.mailkeys.testing.rules;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.domain.Source;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

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

    /** The one way tests and benchmarks start James: the distribution's test-jar, {@code TestJames} and its classes. */
    static final String TEST_JAMES_PACKAGE = "org.mailkeys.distribution.testjames..";
    /** The operator's script, as a path names it. */
    static final String SCRIPT = "bin/mailkeys-server";

    /**
     * A test starts James in this JVM only through {@code org.mailkeys.distribution.testjames.TestJames}: one place
     * says how a test James is configured (the distribution's files, test ports, DNS) and stopped, so that a test
     * cannot prove something about a James the operator never runs. Named by class name: this module depends on
     * nothing of James' at run time.
     */
    public static final ArchRule TESTS_START_JAMES_THROUGH_TEST_JAMES = noClasses()
        .that().resideOutsideOfPackages(TEST_JAMES_PACKAGE)
        .should().callConstructorWhere(target(owner(name("org.apache.james.GuiceJamesServer"))))
        .orShould().callMethodWhere(target(name("forConfiguration")).and(target(owner(name("org.apache.james.GuiceJamesServer")))))
        .orShould().callMethodWhere(target(name("createServer"))
            .and(target(owner(nameMatching("org\\.apache\\.james\\..*JamesServerMain")))))
        .orShould().dependOnClassesThat().haveFullyQualifiedName("org.apache.james.JamesServerBuilder")
        .because("tests and benchmarks start James through org.mailkeys.distribution.testjames.TestJames (the "
            + "distribution's test-jar), the one entry point for a James in this JVM, as bin/mailkeys-server or as a node")
        .allowEmptyShould(true);

    /**
     * A test runs bin/mailkeys-server only through {@code TestJames.script}, which stops the script and its James before
     * the test's folders are removed. Read from the class file's constants: a path is a string, not a call.
     */
    public static final ArchRule TESTS_RUN_THE_SCRIPT_THROUGH_TEST_JAMES = classes()
        .that().resideOutsideOfPackages(TEST_JAMES_PACKAGE)
        .should(notName(SCRIPT))
        .because("tests run bin/mailkeys-server through org.mailkeys.distribution.testjames.TestJames.script")
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
        TESTS_START_JAMES_THROUGH_TEST_JAMES.check(classes);
        TESTS_RUN_THE_SCRIPT_THROUGH_TEST_JAMES.check(classes);
    }

    /** A class whose constant pool holds {@code text} (a string constant; ASCII is the same in the class file's UTF-8). */
    private static ArchCondition<JavaClass> notName(String text) {
        byte[] wanted = text.getBytes(StandardCharsets.US_ASCII);
        return new ArchCondition<>("not name " + text) {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                if (contains(classFile(javaClass), wanted)) {
                    events.add(SimpleConditionEvent.violated(javaClass,
                        javaClass.getName() + " names " + text + " (in " + javaClass.getSource().map(Source::toString).orElse("?") + ")"));
                }
            }
        };
    }

    private static byte[] classFile(JavaClass javaClass) {
        Source source = javaClass.getSource()
            .orElseThrow(() -> new IllegalStateException("no class file for " + javaClass.getName()));
        try (InputStream in = source.getUri().toURL().openStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class file of " + javaClass.getName(), e);
        }
    }

    private static boolean contains(byte[] bytes, byte[] wanted) {
        outer:
        for (int i = 0; i + wanted.length <= bytes.length; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (bytes[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
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
