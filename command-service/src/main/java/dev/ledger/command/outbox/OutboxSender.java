package dev.ledger.command.outbox;

import dev.ledger.command.outbox.OutboxRepository.PendingEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Hands a batch of outbox rows to the Kafka producer of {@code ledger.account-events}, in id order,
 * and reports which ones Kafka acknowledged.
 */
@ApplicationScoped
public class OutboxSender {

    private final MutinyEmitter<String> events;

    public OutboxSender(
            @Channel("account-events") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                    MutinyEmitter<String> events) {
        this.events = events;
    }

    /**
     * Returns, row by row, whether Kafka acknowledged it; {@code onFailure} hears each refusal as it
     * happens. Once the producer refused one of an account's events, its later ones are not sent and
     * wait for the next round.
     */
    Uni<List<Boolean>> send(List<PendingEvent> batch, Consumer<Throwable> onFailure) {
        if (batch.isEmpty()) {
            // Uni.join() refuses an empty list.
            return Uni.createFrom().item(List.of());
        }
        Set<UUID> refused = ConcurrentHashMap.newKeySet();
        List<Uni<Boolean>> acks = new ArrayList<>();
        for (PendingEvent event : batch) {
            acks.add(Uni.createFrom()
                    .deferred(() -> refused.contains(event.accountId())
                            ? Uni.createFrom().item(false)
                            : send(event, refused, onFailure)));
        }
        // The join subscribes in list order, and subscribing is what hands a message to the producer.
        return Uni.join().all(acks).andFailFast();
    }

    private Uni<Boolean> send(PendingEvent event, Set<UUID> refused, Consumer<Throwable> onFailure) {
        // The emitter fails the Uni of a message it refuses only on a later event-loop turn, after the
        // whole batch was handed over, but nacks the message at once: in time to hold back the rest.
        Message<String> message = CloudEventMapper.toMessage(event).withNack(reason -> {
            refused.add(event.accountId());
            return CompletableFuture.completedFuture(null);
        });
        return events.sendMessage(message)
                .replaceWith(true)
                .onFailure()
                .invoke(onFailure)
                .onFailure()
                .recoverWithItem(false);
    }
}
