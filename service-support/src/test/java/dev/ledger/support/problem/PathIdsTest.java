package dev.ledger.support.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A path id is a UUID, or the not-found problem of what it would name; the services' 404s: their resource tests. */
class PathIdsTest {

    /** Stands in for a service's own not-found exception. */
    private static final class NothingThere extends ProblemException {
        NothingThere(String id) {
            super("nothing is called " + id, Map.of());
        }
    }

    @Test
    void shouldReadTheUuidWhenTheSegmentIsOne() {
        UUID id = UUID.randomUUID();
        assertEquals(id, PathIds.uuid(id.toString(), NothingThere::new));
    }

    @Test
    void shouldAnswerNotFoundWhenTheSegmentIsNoUuid() {
        NothingThere refused = assertThrows(NothingThere.class, () -> PathIds.uuid("not-a-uuid", NothingThere::new));
        assertEquals("nothing is called not-a-uuid", refused.getMessage());
    }
}
