package dev.ledger.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The examples in contracts/README.md are real: each one parses as the event type it is shown under. */
class ReadmeExamplesTest {

    private static final Pattern EXAMPLE =
            Pattern.compile("### `([a-z.-]+)`[^\\n]*\\n(?:[^`][^\\n]*\\n)*```json\\n(.*?)```", Pattern.DOTALL);

    @Test
    void shouldParseEveryExampleAsTheEventItDocuments() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Set<EventType> documented = EnumSet.noneOf(EventType.class);
        Matcher example = EXAMPLE.matcher(readme);
        while (example.find()) {
            AccountEvent event = AccountEventCodec.fromJson(example.group(1), example.group(2));
            assertEquals(example.group(1), event.type().ceType());
            documented.add(event.type());
        }
        assertEquals(EnumSet.allOf(EventType.class), documented, "one example per event");
    }
}
