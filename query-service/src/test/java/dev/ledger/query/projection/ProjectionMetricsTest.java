package dev.ledger.query.projection;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesRegex;

import dev.ledger.devstack.EventPublisher;
import dev.ledger.devstack.QueryStackResource;
import dev.ledger.devstack.SharedStack;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(QueryStackResource.class)
class ProjectionMetricsTest {

    /**
     * Micrometer's Kafka binder looks for new client metrics once a minute, and a partition's lag
     * exists only once the consumer has fetched from it, so that line may take a minute to appear.
     */
    private static final Duration METRICS_REFRESH = Duration.ofSeconds(90);

    @Test
    void shouldExposeOutcomesLagAndConsumerLagPerPartition() {
        Events account = Events.forAccount(Events.uniqueCurrency());
        try (EventPublisher publisher = new EventPublisher(SharedStack.get().kafka().bootstrapServers())) {
            publisher.publish(account.opened("heidi"), account.deposited(1));
        }
        given().header("X-Min-Version", 2).get("/accounts/{id}", account.id().toString()).then().statusCode(200);
        await().atMost(METRICS_REFRESH).untilAsserted(() -> given().get("/q/metrics").then().statusCode(200)
                .body(containsString("ledger_projection_events_total{outcome=\"applied\"}"),
                        containsString("ledger_projection_events_total{outcome=\"duplicate\"}"),
                        containsString("ledger_projection_events_total{outcome=\"parked\"}"),
                        containsString("ledger_projection_dead_lettered_total"),
                        matchesRegex("(?s).*\\nledger_projection_lag_seconds [0-9.E-]+\\n.*"),
                        matchesRegex("(?s).*\\nkafka_consumer_fetch_manager_records_lag\\{[^}]*partition=\"\\d+\","
                                + "topic=\"ledger\\.account-events\"} [0-9.E]+\\n.*")));
    }
}
