package dev.ledger.command.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ledger.command.problem.LedgerException.InvalidCommand;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class IfMatchTest {

    @Test
    void shouldReadTheVersionWhenTheTagIsStrongOrWeak() {
        assertEquals(OptionalLong.of(2), IfMatch.expectedVersion("\"2\""));
        assertEquals(OptionalLong.of(2), IfMatch.expectedVersion("W/\"2\""));
        assertEquals(OptionalLong.of(12), IfMatch.expectedVersion(" \"12\" "));
    }

    @Test
    void shouldExpectNoVersionWhenTheHeaderIsAbsentOrAny() {
        assertEquals(OptionalLong.empty(), IfMatch.expectedVersion(null));
        assertEquals(OptionalLong.empty(), IfMatch.expectedVersion("*"));
    }

    @Test
    void shouldRefuseTheHeaderWhenItNamesNoVersion() {
        InvalidCommand refused = assertThrows(InvalidCommand.class, () -> IfMatch.expectedVersion("garbage"));
        assertEquals("If-Match", refused.errors().get(0).field());
        assertThrows(InvalidCommand.class, () -> IfMatch.expectedVersion("2"));
        assertThrows(InvalidCommand.class, () -> IfMatch.expectedVersion("\"two\""));
        assertThrows(InvalidCommand.class, () -> IfMatch.expectedVersion("\"1\", \"2\""));
        assertThrows(InvalidCommand.class, () -> IfMatch.expectedVersion("\"02\""));
        assertThrows(InvalidCommand.class, () -> IfMatch.expectedVersion("\"2.0\""));
        assertThrows(InvalidCommand.class, () -> IfMatch.expectedVersion("\"\""));
    }
}
