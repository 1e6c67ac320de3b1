package dev.ledger.command.idempotency;

/**
 * What a command produced, before it becomes an HTTP response.
 *
 * @param location the new resource's path, for 201
 * @param version  the account version for the ETag; null when the result spans accounts
 */
public record CommandResult(int status, Object body, String location, Long version) {

    public static CommandResult ok(Object body, long version) {
        return new CommandResult(200, body, null, version);
    }

    public static CommandResult created(Object body, String location, Long version) {
        return new CommandResult(201, body, location, version);
    }
}
