package dev.ledger.query.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ledger.query.problem.QueryException.InvalidQuery;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** X-Min-Version and Prefer: wait, as every read of one account takes them. */
class ReadOfAccountTest {

    @Test
    void shouldReadXMinVersionAsAVersionOfOneOrMore() {
        assertEquals(OptionalLong.empty(), ReadOfAccount.minVersion(null));
        assertEquals(OptionalLong.of(1), ReadOfAccount.minVersion("1"));
        assertEquals(OptionalLong.of(42), ReadOfAccount.minVersion(" 42 "));
        assertEquals(OptionalLong.of(Long.MAX_VALUE), ReadOfAccount.minVersion(String.valueOf(Long.MAX_VALUE)));
    }

    @Test
    void shouldRefuseAnXMinVersionThatIsNoVersion() {
        for (String header : List.of("", "0", "-1", "1.5", "3a", "\"3\"", "9223372036854775808")) {
            InvalidQuery refused = assertThrows(InvalidQuery.class, () -> ReadOfAccount.minVersion(header), header);
            assertTrue(refused.getMessage().startsWith(ReadOfAccount.MIN_VERSION + " "), refused.getMessage());
        }
    }

    @Test
    void shouldTakeTheWaitFromPreferAmongOtherPreferences() {
        assertEquals(Optional.of(Duration.ofSeconds(1)), ReadOfAccount.preferredWait("wait=1"));
        assertEquals(Optional.of(Duration.ofSeconds(5)), ReadOfAccount.preferredWait("respond-async, wait=5"));
        assertEquals(Optional.of(Duration.ofSeconds(3)), ReadOfAccount.preferredWait("wait=3; handling=lenient"));
        assertEquals(Optional.of(Duration.ofSeconds(0)), ReadOfAccount.preferredWait("wait=0"));
        assertEquals(Optional.of(Duration.ofSeconds(999_999)), ReadOfAccount.preferredWait("wait=999999"));
    }

    @Test
    void shouldIgnoreAPreferWithoutAUsableWait() {
        for (String prefer : List.of("respond-async", "nowait=5", "wait=", "wait=soon", "wait=5s", "wait=1234567")) {
            assertEquals(Optional.empty(), ReadOfAccount.preferredWait(prefer), prefer);
        }
        assertEquals(Optional.empty(), ReadOfAccount.preferredWait(null));
    }
}
