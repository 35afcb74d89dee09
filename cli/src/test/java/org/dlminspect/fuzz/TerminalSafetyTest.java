package org.dlminspect.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Resource names that try to take over the terminal (ESC sequences, CR/LF, DEL, the C1 CSI 0x9b)
 * reach every output escaped: as {@code \xNN} in the packet list and the tree, as {@code &#92;u00NN} in
 * JSON, where they still read back as the same bytes.
 */
class TerminalSafetyTest {
    /** The seed capture whose REQUEST, LOOKUP and REMOVE carry {@code FuzzSeeds.HOSTILE_NAME}. */
    private static byte[] hostileCapture() throws IOException {
        try (InputStream in = TerminalSafetyTest.class.getResourceAsStream("RenderFuzzTestInputs/render/seed-msg-types.pcap")) {
            assertNotNull(in, "seed capture missing");
            return in.readAllBytes();
        }
    }

    private static final String HOSTILE = "res\u001b[2J\u001b[31mred\r\n\u007f\u009b1m";
    private static final String ESCAPED = "res\\x1b[2J\\x1b[31mred\\x0d\\x0a\\x7f\\x9b1m";

    @Test
    void packetListAndTreeShowHostileNamesEscaped() throws IOException {
        RenderFuzzTest.Rendered out = RenderFuzzTest.renderAll(hostileCapture());
        assertNotNull(out);
        FuzzChecks.assertTerminalSafe("packet list", out.list(), true);
        FuzzChecks.assertTerminalSafe("tree", out.tree(), true);
        assertTrue(out.list().contains("REQUEST") && out.list().contains("name=\"" + ESCAPED + "\""), out.list());
        assertTrue(out.tree().contains("\"" + ESCAPED + "\""), out.tree());
    }

    @Test
    void jsonEscapesEveryControlCharacterAndKeepsTheName() throws IOException {
        RenderFuzzTest.Rendered out = RenderFuzzTest.renderAll(hostileCapture());
        assertNotNull(out);
        FuzzChecks.assertTerminalSafe("JSON", out.json(), true);
        RenderFuzzTest.assertJsonLines(out.json());
        assertTrue(out.json().contains("\\u007F") && out.json().contains("\\u009B"), "DEL and CSI escaped");
        List<String> names = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(out.json())) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.VALUE_STRING && "name".equals(p.currentName())) {
                    names.add(p.getText());
                }
            }
        }
        assertEquals(List.of(HOSTILE, HOSTILE, HOSTILE), names);
    }
}
