package org.dlminspect.dlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.dlminspect.schema.AsciiText;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** appendInfo (what the renderers use, into a StringBuilder or ASCII bytes) appends exactly info(), for real messages and every truncation of them. */
class InfoTextTest {
    @Test
    void appendInfoIsInfoForRealAndTruncatedMessages() throws Exception {
        Path pcap = RealCaptureDecodeTest.CAPTURES.resolve("normal.pcap");
        Assumptions.assumeTrue(Files.isReadable(pcap), "capture not available: " + pcap);
        int[] checked = {0};
        CaptureMessages.read(pcap, 21064, (frame, bytes) -> {
            for (int cut : new int[] {bytes.length, 16, 20, 30, 35, 36, 40, 79, 80, 87, 88, bytes.length - 1}) {
                if (cut < 16 || cut > bytes.length) continue;
                DlmPdu pdu = Bytes.decode(Arrays.copyOf(bytes, cut));
                assertEquals("> " + pdu.info(), pdu.appendInfo(new StringBuilder("> ")).toString(), "frame " + frame + " cut " + cut);
                assertEquals("> " + pdu.info(), pdu.appendInfo(new AsciiText(1).append("> ")).toString(), "frame " + frame + " cut " + cut);
                checked[0]++;
            }
        });
        assertTrue(checked[0] > 1000, "messages checked: " + checked[0]);
    }

    @Test
    void appendHexIsHex() {
        long[] values = {0, 1, 0xF, 0x10, 0xFF, 0x100, 0x10003, 0x7FFFFFFFL, 0xFFFFFFFFL, Long.MAX_VALUE, -1, Long.MIN_VALUE};
        for (long v : values) {
            assertEquals(DlmText.hex(v), DlmText.appendHex(new StringBuilder(), v).toString());
        }
    }
}
