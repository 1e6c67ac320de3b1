package dev.ledger.devservices.deployment;

import dev.ledger.devservices.LedgerDevServicesConfig;
import dev.ledger.devstack.RunningStack;
import dev.ledger.devstack.StackDirectory;
import dev.ledger.devstack.StackSettings;
import io.quarkus.deployment.IsDevServicesSupportedByLaunchMode;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.DevServicesResultBuildItem;
import io.quarkus.deployment.builditem.LaunchModeBuildItem;
import io.quarkus.deployment.pkg.builditem.CurateOutcomeBuildItem;
import io.quarkus.deployment.pkg.builditem.OutputTargetBuildItem;
import io.quarkus.dev.spi.DevModeType;
import io.quarkus.maven.dependency.DependencyFlags;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Points a service in dev mode, or under test, at the ledger's local stack: PostgreSQL, Kafka and a
 * token issuer, run by devstack's DevstackMain in a process of its own. The stack runs once for the
 * whole repository: the first service starts it, later ones find it in its directory, and it stops
 * itself once no service uses it (devservices/README.md). The service gets the settings it did not
 * configure itself, as Dev Services config that Quarkus keeps across live reloads.
 */
class LedgerDevServicesProcessor {

    private static final String FEATURE = "ledger-devservices";

    /** Dev mode in a pod uses the cluster's services, and the laptop's side of it runs no application. */
    private static final Set<DevModeType> REMOTE =
            EnumSet.of(DevModeType.REMOTE_LOCAL_SIDE, DevModeType.REMOTE_SERVER_SIDE);

    @BuildStep(onlyIf = IsDevServicesSupportedByLaunchMode.class)
    void shareLocalStack(
            LedgerDevServicesConfig config,
            LaunchModeBuildItem launchMode,
            CurateOutcomeBuildItem curateOutcome,
            OutputTargetBuildItem outputTarget,
            BuildProducer<DevServicesResultBuildItem> devServices,
            BuildProducer<SharedStackBuildItem> sharedStack) {
        if (!config.enabled()
                || launchMode.getDevModeType().filter(REMOTE::contains).isPresent()) {
            return;
        }
        Config configuration = ConfigProvider.getConfig();
        Set<StandIn> standIns = EnumSet.noneOf(StandIn.class);
        for (StandIn part : StandIn.values()) {
            if (!part.isConfigured(configuration)) {
                standIns.add(part);
            }
        }
        if (standIns.isEmpty()) {
            return;
        }
        if (standIns.contains(StandIn.DATABASE) && config.database().isEmpty()) {
            throw new ConfigurationException("ledger.devservices.database is not set: name the service's database"
                    + " on the local stack (command or query), or configure quarkus.datasource.reactive.url and"
                    + " quarkus.datasource.jdbc.url yourself");
        }
        StackDirectory directory = new StackDirectory(
                StackSettings.forDevelopment(repositoryRoot(outputTarget)).dataDirectory());
        String use = launchMode.getLaunchMode().getDefaultProfile();
        // registered before the stack is looked for: a stack that finds no user stops
        directory.addUser(ProcessHandle.current(), use);
        RunningStack stack = directory.startOrReuse(classpath(curateOutcome), config.keepRunning());
        Map<String, String> settings = new TreeMap<>();
        standIns.forEach(part -> settings.putAll(part.settings(stack, config)));
        // where traces go once OTEL_SDK_DISABLED=false turns tracing on; a collector the service names outranks it
        settings.put("quarkus.otel.exporter.otlp.endpoint", stack.tracesEndpoint());
        String connectionInfo = "PostgreSQL " + stack.jdbcUrl("{command,query}") + ", Kafka "
                + stack.kafkaBootstrapServers() + ", token keys " + stack.jwksUrl() + " (process " + stack.pid()
                + ", " + directory.path() + ")";
        devServices.produce(DevServicesResultBuildItem.owned()
                .feature(FEATURE)
                .description("the ledger's local stack, shared by the repository's services")
                // the same settings on a live reload: Quarkus keeps the use it started; a stack that
                // moved (started again on other ports) gives other settings, and a new use
                .serviceConfig(settings)
                .config(settings)
                .startable(() -> new StackUse(directory, use, connectionInfo))
                .build());
        sharedStack.produce(new SharedStackBuildItem(directory, stack, standIns));
    }

    /**
     * The repository's root: the nearest folder above the module that holds {@code .mvn}, as Maven
     * finds a multi-module project's root; the module itself in a project without one.
     */
    private static Path repositoryRoot(OutputTargetBuildItem outputTarget) {
        Path module = outputTarget.getOutputDirectory().toAbsolutePath().getParent();
        for (Path folder = module; folder != null; folder = folder.getParent()) {
            if (Files.isDirectory(folder.resolve(".mvn"))) {
                return folder;
            }
        }
        return module;
    }

    /**
     * What this build runs on, devstack and everything it needs among it (the extension depends on
     * it): the class path of the stack's own process.
     */
    private static List<Path> classpath(CurateOutcomeBuildItem curateOutcome) {
        List<Path> classpath = new ArrayList<>();
        curateOutcome
                .getApplicationModel()
                .getDependencies(DependencyFlags.DEPLOYMENT_CP)
                .forEach(dependency -> dependency.getResolvedPaths().forEach(classpath::add));
        return classpath;
    }
}
