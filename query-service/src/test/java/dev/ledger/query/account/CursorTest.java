package dev.ledger.query.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ledger.query.problem.QueryException.InvalidQuery;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class CursorTest {

    @Test
    void shouldContinueBelowTheVersionTheCursorWasMadeFrom() {
        for (long version : new long[] {1, 2, 50, 1_000_000_007L, Long.MAX_VALUE}) {
            assertEquals(version, Cursor.parse(Cursor.after(version)));
        }
    }

    @Test
    void shouldStartAtTheNewestLineWhenThereIsNoCursor() {
        assertEquals(Long.MAX_VALUE, Cursor.parse(null));
        assertEquals(Long.MAX_VALUE, Cursor.parse(""));
    }

    @Test
    void shouldFitInAQueryParameterUnescaped() {
        assertTrue(Cursor.after(Long.MAX_VALUE).matches("[A-Za-z0-9_-]+"), Cursor.after(Long.MAX_VALUE));
    }

    @Test
    void shouldRefuseACursorThisServiceDidNotReturnAsAnInvalidAfterParameter() {
        List<String> foreign = List.of(
                "not a cursor",
                "%%%",
                "50",
                encoded("v1:0"),
                encoded("v1:-3"),
                encoded("v1:abc"),
                encoded("v1:"),
                encoded("v2:50"),
                encoded("v1:9223372036854775808"));
        for (String cursor : foreign) {
            InvalidQuery refused = assertThrows(InvalidQuery.class, () -> Cursor.parse(cursor), cursor);
            assertTrue(refused.getMessage().startsWith("after "), refused.getMessage());
        }
    }

    private static String encoded(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
