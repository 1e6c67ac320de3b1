package dev.ledger.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The modules' dependency graph as the compiled main code has it, printed with every build, and
 * checked against the design: which module may use which, and that contracts stay framework-free.
 */
class ModuleGraphTest {

    /** Each module's root packages, in build order. */
    private static final Map<String, List<String>> MODULES = new LinkedHashMap<>();

    /** The edges the design allows; any other edge fails the build. */
    private static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

    static {
        module("contracts", List.of("dev.ledger.contracts"));
        module("command-model", List.of("dev.ledger.command.model"));
        module("query-model", List.of("dev.ledger.query.model"));
        module("kafka-support", List.of("dev.ledger.support.kafka"));
        module("connection-settings", List.of("dev.ledger.support.connections"));
        // every other package under dev.ledger.support: the two above are longer, so they win
        module("service-support", List.of("dev.ledger.support"), "kafka-support");
        module("devstack", List.of("dev.ledger.devstack"), "contracts", "command-model", "query-model");
        module("ledger-devservices", List.of("dev.ledger.devservices"));
        module(
                "ledger-devservices-deployment",
                List.of("dev.ledger.devservices.deployment"),
                "ledger-devservices",
                "devstack");
        module(
                "command-service",
                List.of("dev.ledger.command"),
                "contracts",
                "command-model",
                "kafka-support",
                "service-support");
        module(
                "query-service",
                List.of("dev.ledger.query"),
                "contracts",
                "query-model",
                "kafka-support",
                "service-support");
        module("jobs", List.of("dev.ledger.jobs"), "contracts", "command-model", "query-model", "kafka-support");
    }

    private static JavaClasses mainCode;

    private static void module(String name, List<String> packages, String... mayUse) {
        MODULES.put(name, packages);
        ALLOWED.put(name, Set.of(mayUse));
    }

    @BeforeAll
    static void importMainCode() {
        mainCode = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.ledger");
    }

    @Test
    void shouldHaveOnlyTheEdgesTheDesignAllows() {
        Map<String, Set<String>> edges = edges();
        edges.forEach((from, to) -> System.out.println(
                "module graph: " + from + " -> " + (to.isEmpty() ? "(nothing)" : String.join(", ", to))));
        for (String module : MODULES.keySet()) {
            Set<String> forbidden = new TreeSet<>(edges.getOrDefault(module, Set.of()));
            forbidden.removeAll(ALLOWED.get(module));
            assertTrue(
                    forbidden.isEmpty(),
                    module + " uses " + forbidden + ", which the design does not allow: "
                            + offendingDependencies(module, forbidden));
        }
    }

    @Test
    void shouldKeepTheContractsFreeOfFrameworks() {
        classes()
                .that()
                .resideInAPackage("dev.ledger.contracts..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "com.fasterxml.jackson..", "dev.ledger.contracts..")
                .because("every consumer of the event contract gets its dependencies")
                .check(mainCode);
    }

    private static Map<String, Set<String>> edges() {
        Map<String, Set<String>> edges = new TreeMap<>();
        for (JavaClass origin : mainCode) {
            moduleOf(origin).ifPresent(from -> {
                Set<String> targets = edges.computeIfAbsent(from, any -> new TreeSet<>());
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    moduleOf(dependency.getTargetClass())
                            .filter(to -> !to.equals(from))
                            .ifPresent(targets::add);
                }
            });
        }
        return edges;
    }

    private static String offendingDependencies(String module, Set<String> forbidden) {
        return mainCode.stream()
                .filter(origin -> moduleOf(origin).filter(module::equals).isPresent())
                .flatMap(origin -> origin.getDirectDependenciesFromSelf().stream())
                .filter(dependency -> moduleOf(dependency.getTargetClass())
                        .filter(forbidden::contains)
                        .isPresent())
                .map(Dependency::getDescription)
                .limit(10)
                .toList()
                .toString();
    }

    /** The module with the longest root package the class lives in: command-model's before command-service's. */
    private static Optional<String> moduleOf(JavaClass type) {
        String name = type.getPackageName();
        return MODULES.entrySet().stream()
                .flatMap(module -> module.getValue().stream().map(root -> Map.entry(root, module.getKey())))
                .filter(root -> name.equals(root.getKey()) || name.startsWith(root.getKey() + "."))
                .max(Comparator.comparingInt(root -> root.getKey().length()))
                .map(Map.Entry::getValue);
    }
}
