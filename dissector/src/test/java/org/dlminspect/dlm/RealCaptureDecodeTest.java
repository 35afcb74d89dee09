package org.dlminspect.dlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Real Linux 6.1 traffic (the shared captures): every message decodes without errors or false alarms. */
class RealCaptureDecodeTest {
    static final Path CAPTURES = Path.of("/work/shared/captures");

    static Map<String, Integer> decodeAll(String name, List<String> problems) throws Exception {
        Path pcap = CAPTURES.resolve(name);
        Assumptions.assumeTrue(Files.isReadable(pcap), "capture not available: " + pcap);
        Map<String, Integer> kinds = new TreeMap<>();
        CaptureMessages.read(pcap, 21064, (frame, bytes) -> {
            DlmPdu pdu = Bytes.decode(bytes);
            DlmPdu shown = pdu instanceof DlmOpts o ? o.inner() : pdu;
            String kind = pdu.getClass().getSimpleName() + (pdu instanceof DlmOpts ? "(" + kindOf(shown) + ")" : kindOf(pdu).isEmpty() ? "" : ":" + kindOf(pdu));
            kinds.merge(kind, 1, Integer::sum);
            if (pdu.truncated() || !pdu.errors().isEmpty() || !pdu.notes().isEmpty()) {
                problems.add("frame " + frame + " " + pdu.info() + ": " + pdu.errors() + " " + pdu.notes());
            }
            DlmDecoderRobustnessTest.check(bytes);
        });
        return kinds;
    }

    static String kindOf(DlmPdu p) {
        if (p instanceof DlmMessage m) {
            return "MSG " + DlmMessageType.nameOf(m.type());
        }
        if (p instanceof DlmRcom r) {
            return "RCOM " + RcomType.nameOf(r.type());
        }
        if (p instanceof DlmFin) {
            return "FIN";
        }
        return "";
    }

    @Test
    void normalCapture() throws Exception {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> kinds = decodeAll("normal.pcap", problems);
        assertEquals(List.of(), problems.subList(0, Math.min(20, problems.size())));
        assertEquals(11810, kinds.get("DlmAck"));
        int opts = kinds.entrySet().stream().filter(e -> e.getKey().startsWith("DlmOpts")).mapToInt(Map.Entry::getValue).sum();
        assertEquals(20978, opts);
        for (String t : new String[] {"REQUEST", "CONVERT", "UNLOCK", "CANCEL", "REQUEST_REPLY", "CONVERT_REPLY",
            "UNLOCK_REPLY", "CANCEL_REPLY", "GRANT", "BAST", "LOOKUP", "REMOVE", "LOOKUP_REPLY"}) {
            assertTrue(kinds.getOrDefault("DlmOpts(MSG " + t + ")", 0) > 0, t + " in " + kinds);
        }
        assertTrue(kinds.getOrDefault("DlmOpts(FIN)", 0) >= 2, kinds.toString());
        assertTrue(kinds.getOrDefault("DlmRcom:RCOM STATUS", 0) > 0, kinds.toString());
        assertTrue(kinds.getOrDefault("DlmRcom:RCOM STATUS_REPLY", 0) > 0, kinds.toString());
        assertTrue(kinds.getOrDefault("DlmRcom:RCOM NAMES_REPLY", 0) > 0, kinds.toString());
    }

    @Test
    void reconnectCapture() throws Exception {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> kinds = decodeAll("reconnect.pcap", problems);
        assertEquals(List.of(), problems.subList(0, Math.min(20, problems.size())));
        assertTrue(kinds.getOrDefault("DlmAck", 0) > 1000, kinds.toString());
        assertTrue(kinds.getOrDefault("DlmOpts(MSG REQUEST)", 0) > 1000, kinds.toString());
        assertEquals(2, kinds.getOrDefault("DlmOpts(FIN)", 0));
    }
}
