package dev.ledger.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class RetentionConverterTest {

    private final RetentionConverter converter = new RetentionConverter();

    @Test
    void shouldReadShortAndIsoDurations() {
        assertEquals(Duration.ofDays(7), converter.convert("7d"));
        assertEquals(Duration.ofHours(12), converter.convert("12h"));
        assertEquals(Duration.ofMinutes(30), converter.convert("30m"));
        assertEquals(Duration.ofSeconds(45), converter.convert("45s"));
        assertEquals(Duration.ofDays(7), converter.convert("P7D"));
    }

    @Test
    void shouldRefuseAnythingElse() {
        assertThrows(TypeConversionException.class, () -> converter.convert("a week"));
        assertThrows(TypeConversionException.class, () -> converter.convert("7 d"));
    }
}
