package dev.ledger.devservices.deployment;

import io.quarkus.deployment.IsDevelopment;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.HotDeploymentWatchedFileBuildItem;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * In dev mode, a migration saved in one of Flyway's classpath locations restarts the application at
 * the next request, and Flyway runs it then. Quarkus's Flyway extension watches only the migrations
 * that existed when the application started, so a new one would wait for some other change that
 * restarts it ("Files changed but restart not needed").
 */
class MigrationWatchProcessor {

    private static final String CLASSPATH = "classpath:";

    @BuildStep(onlyIf = IsDevelopment.class)
    HotDeploymentWatchedFileBuildItem restartForNewMigrations() {
        List<String> folders = ConfigProvider.getConfig()
                .getOptionalValues("quarkus.flyway.locations", String.class)
                .orElse(List.of("db/migration"))
                .stream()
                .filter(location -> !location.contains(":") || location.startsWith(CLASSPATH))
                .map(location -> location.substring(location.startsWith(CLASSPATH) ? CLASSPATH.length() : 0))
                .map(location -> location.endsWith("/") ? location : location + "/")
                .toList();
        return HotDeploymentWatchedFileBuildItem.builder()
                .setLocationPredicate(path -> folders.stream().anyMatch(path::startsWith))
                .setRestartNeeded(true)
                .build();
    }
}
