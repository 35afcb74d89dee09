package org.dlminspect.cli.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CaptureFilterTest {
    @Test
    void defaultPortOnly() {
        assertEquals("tcp port 21064", CaptureFilter.expression(Set.of(21064), null));
    }

    @Test
    void blankUserFilterIsIgnored() {
        assertEquals("tcp port 21064", CaptureFilter.expression(Set.of(21064), "  "));
    }

    @Test
    void severalPortsInTheOrderGiven() {
        Set<Integer> ports = new LinkedHashSet<>(List.of(21064, 21065, 7000));
        assertEquals("tcp and (port 21064 or port 21065 or port 7000)", CaptureFilter.expression(ports, null));
    }

    @Test
    void userFilterIsParenthesisedSoAnOrCannotWidenThePortCondition() {
        assertEquals("tcp port 21064 and (host 10.0.0.1 or host 10.0.0.2)",
                CaptureFilter.expression(Set.of(21064), " host 10.0.0.1 or host 10.0.0.2 "));
        Set<Integer> ports = new LinkedHashSet<>(List.of(1, 2));
        assertEquals("tcp and (port 1 or port 2) and (not host 10.0.0.3)", CaptureFilter.expression(ports, "not host 10.0.0.3"));
    }

    @Test
    void noPortIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> CaptureFilter.expression(Set.of(), null));
    }
}
