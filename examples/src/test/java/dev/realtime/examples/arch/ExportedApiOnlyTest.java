package dev.realtime.examples.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The embedding examples, their tests included, compile against the exported API only: nothing of theirs touches
 * an {@code ..internal..} package of any module, nor the standalone server's code.
 */
class ExportedApiOnlyTest {
    private static final JavaClasses EXAMPLES = new ClassFileImporter().importPackages("dev.realtime.examples");

    @Test
    void examplesUseNoInternalPackage() {
        noClasses().that().resideInAPackage("dev.realtime.examples..")
                .should().dependOnClassesThat().resideInAPackage("dev.realtime..internal..")
                .check(EXAMPLES);
    }

    @Test
    void embeddingExamplesDoNotLeanOnTheStandaloneServer() {
        noClasses().that().resideInAnyPackage("dev.realtime.examples.minimal..", "dev.realtime.examples.embedded..",
                        "dev.realtime.examples.appstore..")
                .should().dependOnClassesThat().resideInAPackage("dev.realtime.standalone..")
                .check(EXAMPLES);
    }

    @Test
    void theExamplesWereImported() {
        classes().that().resideInAnyPackage("dev.realtime.examples.minimal..", "dev.realtime.examples.embedded..",
                        "dev.realtime.examples.appstore..")
                .should().bePublic().orShould().notBePublic().allowEmptyShould(false).check(EXAMPLES);
    }
}
