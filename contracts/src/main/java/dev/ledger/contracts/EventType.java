package dev.ledger.contracts;

import java.util.Arrays;
import java.util.Optional;

/**
 * The CloudEvents {@code type} of each event, and the record class its JSON data binds to. The
 * schema version travels beside it in the {@code schemaversion} extension attribute.
 */
public enum EventType {
    ACCOUNT_OPENED("dev.ledger.account.opened", AccountOpened.class),
    MONEY_DEPOSITED("dev.ledger.account.money-deposited", MoneyDeposited.class),
    MONEY_WITHDRAWN("dev.ledger.account.money-withdrawn", MoneyWithdrawn.class),
    TRANSFER_SENT("dev.ledger.account.transfer-sent", TransferSent.class),
    TRANSFER_RECEIVED("dev.ledger.account.transfer-received", TransferReceived.class),
    ACCOUNT_CLOSED("dev.ledger.account.closed", AccountClosed.class);

    private final String ceType;
    private final Class<? extends AccountEvent> recordClass;

    EventType(String ceType, Class<? extends AccountEvent> recordClass) {
        this.ceType = ceType;
        this.recordClass = recordClass;
    }

    public String ceType() {
        return ceType;
    }

    public Class<? extends AccountEvent> recordClass() {
        return recordClass;
    }

    public static Optional<EventType> fromCeType(String ceType) {
        return Arrays.stream(values()).filter(t -> t.ceType.equals(ceType)).findFirst();
    }

    public static EventType of(AccountEvent event) {
        return switch (event) {
            case AccountOpened e -> ACCOUNT_OPENED;
            case MoneyDeposited e -> MONEY_DEPOSITED;
            case MoneyWithdrawn e -> MONEY_WITHDRAWN;
            case TransferSent e -> TRANSFER_SENT;
            case TransferReceived e -> TRANSFER_RECEIVED;
            case AccountClosed e -> ACCOUNT_CLOSED;
        };
    }
}
