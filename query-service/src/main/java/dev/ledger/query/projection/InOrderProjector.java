package dev.ledger.query.projection;

import dev.ledger.contracts.AccountEvent;
import dev.ledger.query.config.QueryConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Applies an event once its account has caught up. An event ahead of its account (a gap: the
 * version before it is not applied yet) is tried again with back-off a few times, since its
 * predecessor may be on its way; then it is parked where operators see it, and the partition moves
 * on.
 */
@ApplicationScoped
public class InOrderProjector {

    private static final Logger LOG = Logger.getLogger(InOrderProjector.class);

    private final Projector projector;
    private final ProjectionMetrics metrics;
    private final QueryConfig.Projection settings;

    public InOrderProjector(Projector projector, ProjectionMetrics metrics, QueryConfig config) {
        this.projector = projector;
        this.metrics = metrics;
        this.settings = config.projection();
    }

    /**
     * The events in one statement ({@link Projector#applyAll}), all or none of them: their outcomes
     * in order, where a GAP is left to {@link #apply} to retry, and to park.
     */
    public Uni<List<ApplyOutcome>> applyAll(List<AccountEvent> events) {
        return projector.applyAll(events);
    }

    /** APPLIED, DUPLICATE or, after the retries, PARKED; never GAP. */
    public Uni<ApplyOutcome> apply(AccountEvent event) {
        return projector
                .apply(event)
                .onItem()
                .transform(outcome -> {
                    if (outcome == ApplyOutcome.GAP) {
                        throw new GapException();
                    }
                    return outcome;
                })
                .onFailure(GapException.class)
                .retry()
                .withBackOff(settings.gapBackoff())
                .atMost(settings.gapRetries())
                .onFailure(GapException.class)
                .recoverWithUni(() -> park(event));
    }

    private Uni<ApplyOutcome> park(AccountEvent event) {
        LOG.warnf(
                "parking event %s: account %s is not yet at version %d",
                event.eventId(), event.accountId(), event.version() - 1);
        metrics.record(ApplyOutcome.GAP, event);
        return projector
                .park(event, "version " + event.version() + " arrived before version " + (event.version() - 1))
                .replaceWith(ApplyOutcome.PARKED);
    }

    /** Internal signal: the event is ahead of its account. */
    private static final class GapException extends RuntimeException {
        GapException() {
            super("gap", null, false, false);
        }
    }
}
