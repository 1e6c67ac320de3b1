package dev.ledger.command.account;

import dev.ledger.command.problem.LedgerException.InvalidCommand;
import dev.ledger.support.problem.FieldError;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an If-Match header as the account version a command expects. An account's ETag is its
 * version ({@code "3"}); a weak tag ({@code W/"3"}) is read the same way, since no other tag is
 * ever sent for an account.
 */
public final class IfMatch {

    /** Tags compare as strings: "02" is not the tag of version 2, so a leading zero matches nothing. */
    private static final Pattern VERSION_TAG = Pattern.compile("(?:W/)?\"([1-9]\\d{0,17})\"");

    private IfMatch() {}

    /**
     * Empty when the header is absent or {@code *} (any version will do).
     *
     * @throws InvalidCommand when the header names no version, so it could never match one
     */
    public static OptionalLong expectedVersion(String header) {
        if (header == null || header.strip().equals("*")) {
            return OptionalLong.empty();
        }
        Matcher tag = VERSION_TAG.matcher(header.strip());
        if (!tag.matches()) {
            throw new InvalidCommand(
                    List.of(new FieldError(HttpHeaders.IF_MATCH, "must be * or an account's ETag, such as \"3\"")));
        }
        return OptionalLong.of(Long.parseLong(tag.group(1)));
    }
}
