package dev.ledger.query.account;

import dev.ledger.query.problem.QueryException.InvalidQuery;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque position in a transaction history: the version of the last line a page returned.
 * Clients pass it back unchanged; its form may change without notice.
 */
final class Cursor {

    private static final String PREFIX = "v1:";

    private Cursor() {}

    static String after(long version) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((PREFIX + version).getBytes(StandardCharsets.UTF_8));
    }

    /** The version to continue below; {@code Long.MAX_VALUE} for the first page. */
    static long parse(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return Long.MAX_VALUE;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                long version = Long.parseLong(text.substring(PREFIX.length()));
                if (version > 0) {
                    return version;
                }
            }
        } catch (IllegalArgumentException e) {
            // fall through to the error below: any undecodable cursor is the client's mistake
        }
        throw new InvalidQuery("after", "is not a cursor this service returned");
    }
}
