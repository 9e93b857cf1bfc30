package dev.realtime.transport.common.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** What both transports share stays free of either transport's HTTP/WebSocket library and of the engine's internals. */
class CommonDependencyRulesTest {
    private static final JavaClasses COMMON = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.realtime.transport.common.internal");

    @Test
    void commonImportsNoNetworkLibrary() {
        noClasses().that().resideInAPackage("dev.realtime.transport.common.internal..")
                .should().dependOnClassesThat().resideInAnyPackage("org.java_websocket..", "io.netty..")
                .check(COMMON);
    }

    @Test
    void commonUsesTheEngineOnlyThroughItsSpis() {
        noClasses().that().resideInAPackage("dev.realtime.transport.common.internal..")
                .should().dependOnClassesThat().resideInAPackage("dev.realtime.core.internal.engine..")
                .check(COMMON);
    }
}
