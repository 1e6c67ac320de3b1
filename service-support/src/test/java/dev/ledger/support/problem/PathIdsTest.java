package dev.ledger.support.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A path id is a UUID, or the not-found problem of what it would name; the services' 404s: their resource tests. */
class PathIdsTest {

    private static final Function<String, AccountNotFound> NOT_FOUND = id -> new AccountNotFound(id, "this test");

    @Test
    void shouldReadTheUuidWhenTheSegmentIsOne() {
        UUID id = UUID.randomUUID();
        assertEquals(id, PathIds.uuid(id.toString(), NOT_FOUND));
    }

    @Test
    void shouldAnswerNotFoundWhenTheSegmentIsNoUuid() {
        AccountNotFound refused = assertThrows(AccountNotFound.class, () -> PathIds.uuid("not-a-uuid", NOT_FOUND));
        assertEquals("account not-a-uuid is not known to this test", refused.getMessage());
        assertEquals(ProblemType.ACCOUNT_NOT_FOUND, refused.type());
        assertEquals(Map.of("accountId", "not-a-uuid"), refused.details());
    }
}
