package dev.ledger.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AccountEventCodecTest {

    private static final AccountId ALICE = AccountId.parse("5f0c6f4e-2b1a-4c55-9d43-0f4a3e2f7a11");
    private static final AccountId BOB = AccountId.parse("9a7d3c1b-8e2f-4b6a-a1c9-3d5e7f9b2c44");
    private static final TransferId TRANSFER = TransferId.parse("c3e1a2b4-5d6f-4a8b-9c0d-1e2f3a4b5c6d");
    private static final Instant AT = Instant.parse("2026-11-23T09:30:00.123456Z");

    /** One example of every event; contracts/README.md shows the same ones on the wire. */
    static Stream<AccountEvent> everyEvent() {
        return Stream.of(
                new AccountOpened(UUID.randomUUID(), ALICE, 1, AT, "alice", "EUR"),
                new MoneyDeposited(UUID.randomUUID(), ALICE, 2, AT, 1000, "EUR", 1000, "salary"),
                new MoneyWithdrawn(UUID.randomUUID(), ALICE, 3, AT, 300, "EUR", 700, null),
                new TransferSent(UUID.randomUUID(), ALICE, 4, AT, TRANSFER, BOB, 250, "EUR", 450, "rent"),
                new TransferReceived(UUID.randomUUID(), BOB, 2, AT, TRANSFER, ALICE, 250, "EUR", 250, "rent"),
                new AccountClosed(UUID.randomUUID(), ALICE, 5, AT));
    }

    @ParameterizedTest
    @MethodSource("everyEvent")
    void shouldRoundTripEveryEvent(AccountEvent event) {
        String json = AccountEventCodec.toJson(event);
        assertEquals(event, AccountEventCodec.fromJson(event.type().ceType(), json));
        assertTrue(json.contains("\"accountId\":\"" + event.accountId() + "\""), json);
        assertTrue(json.contains("\"occurredAt\":\"2026-11-23T09:30:00.123456Z\""), json);
    }

    @Test
    void shouldCoverEveryEventType() {
        assertEquals(
                List.of(EventType.values()),
                everyEvent().map(AccountEvent::type).toList());
    }

    @Test
    void shouldIgnoreFieldsItDoesNotKnow() {
        AccountClosed closed = new AccountClosed(UUID.randomUUID(), ALICE, 5, AT);
        String json = AccountEventCodec.toJson(closed).replaceFirst("\\{", "{\"addedLater\":true,");
        assertEquals(closed, AccountEventCodec.fromJson(EventType.ACCOUNT_CLOSED.ceType(), json));
    }

    @Test
    void shouldRefuseWhatIsNotAValidEvent() {
        String deposit = EventType.MONEY_DEPOSITED.ceType();
        String valid =
                AccountEventCodec.toJson(new MoneyDeposited(UUID.randomUUID(), ALICE, 2, AT, 10, "EUR", 10, null));
        assertThrows(MalformedEvent.class, () -> AccountEventCodec.fromJson(null, valid));
        assertThrows(MalformedEvent.class, () -> AccountEventCodec.fromJson("dev.ledger.unknown", valid));
        assertThrows(MalformedEvent.class, () -> AccountEventCodec.fromJson(deposit, "{not json"));
        assertThrows(MalformedEvent.class, () -> AccountEventCodec.fromJson(deposit, ""));
        assertThrows(
                MalformedEvent.class, () -> AccountEventCodec.fromJson(deposit, valid.replace("\"amount\":10,", "")));
        assertThrows(
                MalformedEvent.class,
                () -> AccountEventCodec.fromJson(deposit, valid.replace("\"amount\":10", "\"amount\":-10")));
        assertThrows(
                MalformedEvent.class,
                () -> AccountEventCodec.fromJson(deposit, valid.replace("\"version\":2", "\"version\":0")));
        assertThrows(
                MalformedEvent.class, () -> AccountEventCodec.fromJson(deposit, valid.replace("\"EUR\"", "\"euro\"")));
        assertThrows(
                MalformedEvent.class,
                () -> AccountEventCodec.fromJson(deposit, valid.replace(ALICE.toString(), "nobody")));
    }
}
