package dev.ledger.devservices.deployment;

import static java.util.stream.Collectors.joining;

import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.RunningStack;
import io.quarkus.deployment.IsDevelopment;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.devui.spi.page.CardPageBuildItem;
import io.quarkus.devui.spi.page.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Dev UI card of the local stack: where each part the service uses listens, Kafka's topics, the
 * token issuer, the trace collector, and the stack's directory. Values known when the application
 * was built; a live reload refreshes them.
 */
class LedgerDevUiProcessor {

    @BuildStep(onlyIf = IsDevelopment.class)
    void card(Optional<SharedStackBuildItem> shared, BuildProducer<CardPageBuildItem> cards) {
        shared.ifPresent(item -> cards.produce(card(item)));
    }

    private static CardPageBuildItem card(SharedStackBuildItem shared) {
        RunningStack stack = shared.stack();
        CardPageBuildItem card = new CardPageBuildItem();
        card.addBuildTimeData("stack", rows(shared));
        card.addPage(Page.tableDataPageBuilder("Local stack")
                .icon("font-awesome-solid:server")
                .staticLabel("process " + stack.pid())
                .buildTimeDataKey("stack")
                .showColumn("part")
                .showColumn("where"));
        if (shared.standIns().contains(StandIn.TOKENS)) {
            // opened in a tab of its own: the Dev UI's page may not fetch from another origin
            card.addPage(Page.externalPageBuilder("Token keys (JWKS)")
                    .icon("font-awesome-solid:key")
                    .url(stack.jwksUrl())
                    .doNotEmbed());
        }
        card.addPage(Page.externalPageBuilder("Traces")
                .icon("font-awesome-solid:diagram-project")
                .url(stack.tracesEndpoint() + "/traces")
                .doNotEmbed());
        return card;
    }

    private static List<Map<String, String>> rows(SharedStackBuildItem shared) {
        RunningStack stack = shared.stack();
        List<Map<String, String>> rows = new ArrayList<>();
        for (StandIn part : shared.standIns()) {
            switch (part) {
                case DATABASE ->
                    rows.add(row("PostgreSQL", stack.jdbcUrl("{command,query}") + " as " + stack.postgresUser()));
                case KAFKA -> {
                    rows.add(row("Kafka", stack.kafkaBootstrapServers()));
                    rows.add(row(
                            "Topics",
                            LocalStack.topics().stream()
                                    .map(topic -> topic.name() + " (" + topic.numPartitions() + " partitions)")
                                    .collect(joining(", "))));
                }
                case TOKENS -> {
                    rows.add(row("Token keys (JWKS)", stack.jwksUrl()));
                    rows.add(row("Token issuer and audience", stack.issuer() + ", " + stack.audience()));
                    rows.add(row(
                            "A token per role",
                            shared.directory().path().resolve("tokens.env").toString()));
                }
            }
        }
        rows.add(row("Traces (on with OTEL_SDK_DISABLED=false)", stack.tracesEndpoint() + "/traces"));
        rows.add(row(
                "Directory, log",
                shared.directory().path() + ", " + shared.directory().log()));
        return rows;
    }

    private static Map<String, String> row(String part, String where) {
        return Map.of("part", part, "where", where);
    }
}
