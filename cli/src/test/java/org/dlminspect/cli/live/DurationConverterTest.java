package org.dlminspect.cli.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class DurationConverterTest {
    @Test
    void plainNumberIsSeconds() {
        assertEquals(Duration.ofSeconds(10), DurationConverter.parse("10"));
        assertEquals(Duration.ofMillis(1500), DurationConverter.parse("1.5"));
        assertEquals(Duration.ofMillis(250), DurationConverter.parse(".25"));
    }

    @Test
    void units() {
        assertEquals(Duration.ofMillis(500), DurationConverter.parse("500ms"));
        assertEquals(Duration.ofSeconds(30), DurationConverter.parse("30s"));
        assertEquals(Duration.ofMinutes(10), DurationConverter.parse("10m"));
        assertEquals(Duration.ofHours(2), DurationConverter.parse("2H"));
        assertEquals(Duration.ofSeconds(90), DurationConverter.parse("1.5m"));
    }

    @Test
    void tsharkAutostopSyntax() {
        assertEquals(Duration.ofSeconds(5), DurationConverter.parse("duration:5"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "abc", "-1", "0", "0ms", "1x", "1e400", "NaN", "Infinity", "+5"})
    void rejected(String text) {
        assertThrows(CommandLine.TypeConversionException.class, () -> DurationConverter.parse(text));
    }
}
