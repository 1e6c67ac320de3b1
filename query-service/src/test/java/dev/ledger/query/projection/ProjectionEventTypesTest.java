package dev.ledger.query.projection;

import static java.util.stream.Collectors.toSet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.ledger.contracts.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The projection's rules are SQL ({@code projection.apply_event} in V1__projection.sql) and the
 * event types are Java ({@link EventType}); the type strings are the one thing both spell out. An
 * event added, removed or renamed on one side only fails here, not at the first such event in
 * production.
 */
class ProjectionEventTypesTest {

    private static final String MIGRATION = "/db/migration/V1__projection.sql";
    /** The function's body: the text between its {@code $$} quotes (the body holds no other {@code $$}). */
    private static final Pattern APPLY_EVENT =
            Pattern.compile("CREATE FUNCTION projection\\.apply_event\\(.*?\\$\\$(.*?)\\$\\$;", Pattern.DOTALL);
    /** Each branch of the function's CASE on event_type. */
    private static final Pattern HANDLED_TYPE = Pattern.compile("WHEN\\s+'([^']+)'");

    @Test
    void shouldHandleExactlyTheEventTypesOfTheContractInTheSqlProjection() throws IOException {
        assertEquals(contractTypes(), handledTypes(migration()));
    }

    @Test
    void shouldNoticeATypeThatTheSqlRenamesOrDrops() throws IOException {
        String sql = migration();

        assertNotEquals(
                contractTypes(), handledTypes(sql.replace("'dev.ledger.account.closed'", "'dev.ledger.account.shut'")));
        assertNotEquals(
                contractTypes(),
                handledTypes(sql.replace("WHEN 'dev.ledger.account.transfer-received' THEN 'TRANSFER_IN'", "")));
    }

    private static Set<String> contractTypes() {
        return Arrays.stream(EventType.values()).map(EventType::ceType).collect(toSet());
    }

    private static Set<String> handledTypes(String sql) {
        Matcher function = APPLY_EVENT.matcher(sql);
        if (!function.find()) {
            throw new AssertionError("no projection.apply_event in " + MIGRATION);
        }
        Set<String> types = new HashSet<>();
        Matcher branch = HANDLED_TYPE.matcher(function.group(1));
        while (branch.find()) {
            types.add(branch.group(1));
        }
        return types;
    }

    private static String migration() throws IOException {
        try (InputStream in = ProjectionEventTypesTest.class.getResourceAsStream(MIGRATION)) {
            if (in == null) {
                throw new AssertionError(MIGRATION + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
