package dev.ledger.command.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledger.command.account.AccountRepository;
import dev.ledger.command.account.Deposit;
import dev.ledger.command.account.Withdraw;
import dev.ledger.command.idempotency.IdempotencyKeyRepository.UsedKey;
import dev.ledger.command.problem.LedgerException.IdempotencyKeyReused;
import dev.ledger.command.problem.LedgerException.InsufficientFunds;
import dev.ledger.command.problem.LedgerException.InvalidCommand;
import dev.ledger.support.problem.ProblemException;
import dev.ledger.support.problem.ProblemType;
import dev.ledger.support.security.Caller;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What makes two requests with one Idempotency-Key the same request, without a database. */
class IdempotentCommandsTest {

    private static final UUID ACCOUNT = UUID.fromString("0b8f3c1e-5a2d-4e8b-9c61-2f7d9a4e1b30");
    private static final String DEPOSITS = "POST /accounts/" + ACCOUNT + "/deposits";
    private static final String SUBJECT = "alice";

    private final ObjectMapper json = new ObjectMapper();
    private final IdempotentCommands commands = new IdempotentCommands(new IdempotencyKeyRepository(), json);

    @Test
    void shouldFingerprintTheSameRequestAlikeWhateverTheLayoutOfItsJson() throws Exception {
        Deposit compact = json.readValue("{\"amount\":250,\"reference\":\"once\"}", Deposit.class);
        Deposit spacedAndReordered =
                json.readValue("{\n  \"reference\" : \"once\",\n  \"amount\" : 250\n}", Deposit.class);
        Deposit withoutReference = json.readValue("{\"amount\":250}", Deposit.class);
        Deposit withNullReference = json.readValue("{\"reference\":null,\"amount\":250}", Deposit.class);

        assertEquals(
                commands.fingerprint(SUBJECT, DEPOSITS, compact),
                commands.fingerprint(SUBJECT, DEPOSITS, spacedAndReordered));
        assertEquals(
                commands.fingerprint(SUBJECT, DEPOSITS, withoutReference),
                commands.fingerprint(SUBJECT, DEPOSITS, withNullReference));
    }

    @Test
    void shouldFingerprintRequestsApartWhenAFieldOrTheTargetDiffers() {
        String original = commands.fingerprint(SUBJECT, DEPOSITS, new Deposit(250L, "once"));

        assertNotEquals(original, commands.fingerprint(SUBJECT, DEPOSITS, new Deposit(251L, "once")));
        assertNotEquals(original, commands.fingerprint(SUBJECT, DEPOSITS, new Deposit(250L, "twice")));
        assertNotEquals(original, commands.fingerprint(SUBJECT, DEPOSITS, new Deposit(250L, null)));
        assertNotEquals(
                original,
                commands.fingerprint(SUBJECT, "POST /accounts/" + ACCOUNT + "/withdrawals", new Withdraw(250L, "once")),
                "the same body for another command");
        assertNotEquals(
                original,
                commands.fingerprint(
                        SUBJECT, "POST /accounts/" + UUID.randomUUID() + "/deposits", new Deposit(250L, "once")),
                "the same body for another account");
    }

    @Test
    void shouldFingerprintTheSameRequestOfAnotherCallerApart() {
        assertNotEquals(
                commands.fingerprint(SUBJECT, DEPOSITS, new Deposit(250L, "once")),
                commands.fingerprint("mallory", DEPOSITS, new Deposit(250L, "once")),
                "a key another caller used must be refused, not replayed");
    }

    @Test
    void shouldFingerprintACommandWithoutBodyByItsTarget() {
        String closure = "POST /accounts/" + ACCOUNT + "/closure";

        assertEquals(commands.fingerprint(SUBJECT, closure, null), commands.fingerprint(SUBJECT, closure, null));
        assertNotEquals(
                commands.fingerprint(SUBJECT, closure, null),
                commands.fingerprint(SUBJECT, "POST /accounts/" + UUID.randomUUID() + "/closure", null));
    }

    @Test
    void shouldReplayTheFirstAnswerOnlyForTheSameFinishedRequest() {
        String fingerprint = commands.fingerprint(SUBJECT, DEPOSITS, new Deposit(250L, "once"));
        StoredResponse first = new StoredResponse(200, "{\"balance\":250}", null, "\"2\"");

        assertSame(first, commands.replay("key-1", fingerprint, new UsedKey(fingerprint, first)));
        assertThrows(
                IdempotencyKeyReused.class,
                () -> commands.replay(
                        "key-1",
                        fingerprint,
                        new UsedKey(commands.fingerprint(SUBJECT, DEPOSITS, new Deposit(251L, "once")), first)),
                "another request");
        assertThrows(
                IdempotencyKeyReused.class,
                () -> commands.replay("key-1", fingerprint, new UsedKey(fingerprint, null)),
                "the first use has not answered yet");
    }

    @Test
    void shouldKeepTheRequestsOwnRefusalsButNotTheKeysReuseNorTheServicesFailures() {
        assertTrue(IdempotentCommands.kept(new InsufficientFunds(UUID.randomUUID(), 10, 20)), "a broken rule");
        assertTrue(IdempotentCommands.kept(AccountRepository.notFound(ACCOUNT.toString())), "an unknown account");
        assertFalse(IdempotentCommands.kept(new IdempotencyKeyReused("key-1")), "the key's reuse");
        ProblemType unavailable = new ProblemType(503, "ledger-unavailable", "The ledger cannot answer now");
        assertFalse(
                IdempotentCommands.kept(new ProblemException(unavailable, "try again", Map.of()) {}),
                "a failure of the service's, which a repeat should retry");
    }

    @Test
    void shouldRefuseAKeyThatIsBlankTooLongOrNotVisibleAsciiBeforeRunningAnything() {
        for (String key : List.of("", "   ", "k".repeat(201), "two words", "tab\tbed", "na\u00efve")) {
            InvalidCommand refused = assertThrows(
                    InvalidCommand.class,
                    () -> commands.run(key, new Caller(SUBJECT, false), DEPOSITS, new Deposit(1L, null), () -> {
                                throw new AssertionError("the command ran with key '" + key + "'");
                            })
                            .await()
                            .indefinitely(),
                    key);
            assertEquals(IdempotentCommands.HEADER, refused.errors().get(0).field(), key);
        }
    }
}
