package dev.realtime.core.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The core stays free of transport, JDBC and Redis code: those live in their own modules behind the SPIs. */
class CoreDependencyRulesTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.realtime.core");

    @Test
    void coreImportsNoTransportDatabaseOrRedisLibrary() {
        noClasses().that().resideInAPackage("dev.realtime.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.java_websocket..", "io.netty..", "redis.clients..", "java.sql..", "javax.sql..", "com.zaxxer..",
                        "org.postgresql..")
                .check(CORE);
    }

    @Test
    void spisAndModelDoNotDependOnTheEngine() {
        noClasses().that().resideInAnyPackage("dev.realtime.core.spi..", "dev.realtime.core.model..")
                .should().dependOnClassesThat().resideInAPackage("dev.realtime.core.internal.engine..")
                .check(CORE);
    }
}
