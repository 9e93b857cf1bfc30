package dev.realtime.standalone.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The module boundary: a module's {@code ..internal..} packages are used by that module only, checked over the
 * production classes of every module on this module's classpath (all but the benchmarks and the examples, which
 * have their own test). The friend exceptions, each deliberate:
 * <ul>
 *   <li>{@code dev.realtime.core.internal.json}: the one JSON configuration every module of this project shares
 *       (wire codecs, stores, the admin API); embedders never need it.</li>
 *   <li>{@code dev.realtime.transport.common.internal}: the protocol code both network transports are built
 *       on; only {@code transport.ws} and {@code transport.netty} use it.</li>
 * </ul>
 */
class ModuleBoundaryTest {
    private static final JavaClasses PROJECT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.realtime");
    /** The modules' root packages, longest first so that the most specific one wins. */
    private static final List<String> MODULES = List.of("dev.realtime.transport.common", "dev.realtime.transport.ws",
            "dev.realtime.transport.netty", "dev.realtime.store.postgres", "dev.realtime.bus.redis",
            "dev.realtime.standalone", "dev.realtime.testkit", "dev.realtime.bench", "dev.realtime.core");
    /** Internal package (prefix) -> the other modules allowed to use it. */
    private static final Map<String, List<String>> FRIENDS = Map.of(
            "dev.realtime.core.internal.json", List.of("dev.realtime.transport.common", "dev.realtime.transport.ws",
                    "dev.realtime.transport.netty", "dev.realtime.store.postgres", "dev.realtime.bus.redis",
                    "dev.realtime.standalone", "dev.realtime.testkit", "dev.realtime.bench"),
            "dev.realtime.transport.common.internal", List.of("dev.realtime.transport.ws",
                    "dev.realtime.transport.netty"));

    @Test
    void noModuleUsesAnotherModulesInternalPackagesBeyondTheListedFriends() {
        classes().that().resideInAPackage("dev.realtime..")
                .should(new ArchCondition<JavaClass>("use no other module's internal packages, friends aside") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                            String target = d.getTargetClass().getPackageName();
                            if (target.contains(".internal") && !allowed(origin.getPackageName(), target)) {
                                events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                            }
                        }
                    }
                })
                .check(PROJECT);
    }

    @Test
    void theEngineIsReachedOnlyThroughTheFacadeAndTheSpis() {
        noClasses().that().resideOutsideOfPackage("dev.realtime.core..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.realtime.core.internal.engine..",
                        "dev.realtime.core.internal.metrics..")
                .check(PROJECT);
    }

    @Test
    void theRulesSeeEveryModule() {
        // Guards against a rule that passes because the classes it is about were not imported.
        for (String module : MODULES) {
            if (!module.equals("dev.realtime.bench") && !module.equals("dev.realtime.transport.common")) {
                classes().that().resideInAPackage(module + "..").should().bePublic().orShould().notBePublic()
                        .allowEmptyShould(false).check(PROJECT);
            }
        }
        classes().that().resideInAPackage("dev.realtime.transport.common.internal..").should().bePublic()
                .orShould().notBePublic().allowEmptyShould(false).check(PROJECT);
    }

    private static boolean allowed(String originPackage, String targetPackage) {
        String owner = moduleOf(targetPackage);
        if (owner.equals(moduleOf(originPackage))) {
            return true;
        }
        String origin = moduleOf(originPackage);
        return FRIENDS.entrySet().stream().anyMatch(f -> inPackage(targetPackage, f.getKey())
                && f.getValue().contains(origin));
    }

    private static String moduleOf(String packageName) {
        return MODULES.stream().filter(m -> inPackage(packageName, m)).findFirst().orElse(packageName);
    }

    private static boolean inPackage(String packageName, String root) {
        return packageName.equals(root) || packageName.startsWith(root + ".");
    }
}
