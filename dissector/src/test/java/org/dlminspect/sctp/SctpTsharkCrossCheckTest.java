package org.dlminspect.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dlminspect.testkit.Captures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The real SCTP capture against tshark's dlm3 dissector. tshark decodes only the first DLM message of each
 * SCTP DATA chunk (the dissector is called once per chunk and does not loop over the rest); we decode all of
 * them. So: in every frame, tshark's first message must be our first message (command, length, node id, seq
 * or lockspace); the messages after it, which tshark does not show, are checked from the bytes by
 * {@link SctpRealCaptureTest}.
 */
class SctpTsharkCrossCheckTest {
    private static final Path SCTP = Captures.SHARED.resolve("sctp.pcap.gz");

    @Test
    void tsharksFirstMessageOfEachFrameIsOurs() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isReadable(SCTP), "shared capture not available");
        List<String[]> theirs = tshark();
        SctpRecording ours = SctpRecording.of(Files.readAllBytes(SCTP));
        Map<Long, List<SctpRecording.Message>> byFrame = new HashMap<>();
        for (SctpRecording.Message m : ours.messages) byFrame.computeIfAbsent(m.frame(), k -> new ArrayList<>()).add(m);
        long fewerThanUs = 0;
        for (String[] t : theirs) {
            long frame = Long.parseLong(t[0]);
            List<SctpRecording.Message> mine = byFrame.get(frame);
            if (mine == null) fail("frame " + frame + ": tshark decodes DLM, we do not");
            SctpRecording.Message first = mine.get(0);
            String where = "frame " + frame;
            assertEquals(Integer.parseInt(first(t[1])), first.cmd(), where + " h_cmd");
            if (first.cmd() == 2) {
                // Unwrapped 3.2 RCOM: tshark reads a second header out of the RCOM body (protocol reference §5.2,
                // defect 1), so its length and node id fields are not the header's; the TCP cross-check names it too.
                continue;
            }
            assertEquals(Long.parseLong(first(t[2])), first.seq(), where + " h_seq/h_lockspace");
            assertEquals(Integer.parseInt(first(t[3])), first.length(), where + " h_length");
            assertEquals(Integer.parseInt(first(t[4])), first.nodeid(), where + " h_nodeid");
            if (mine.size() > 1) fewerThanUs++;
        }
        assertEquals(byFrame.size(), theirs.size(), "the same frames hold DLM for both");
        // The chunks carrying 2 to 33 messages: tshark shows one of each.
        assertTrue(fewerThanUs > 10_000, "frames where we decode more messages than tshark: " + fewerThanUs);
    }

    /**
     * sctp.data_mid means what tshark's does: on a synthetic capture of I-DATA chunks (RFC 8260; the real capture
     * has DATA only), unfragmented and fragmented over three chunks, each message's MID is the one tshark shows
     * for the chunk that completes it, and {@code -Y 'sctp.data_mid == 8'} picks the same frames.
     */
    @Test
    void theIDataMessageIdentifierIsTsharks() throws IOException, InterruptedException {
        byte[] inner = org.dlminspect.testkit.DlmBytes.rcom(org.dlminspect.testkit.DlmBytes.V32,
                org.dlminspect.testkit.DlmBytes.LOCKSPACE, 1, 1, 0, 7, 0, 0, new byte[0]);
        byte[] big = org.dlminspect.testkit.DlmBytes.opts(1, 3, inner);
        List<byte[]> f = SctpPackets.list();
        f.add(SctpPackets.frame(1, 2, 40000, SctpPackets.DLM_PORT, 0, SctpPackets.init(1, 0x11111111L, 100)));
        f.add(SctpPackets.frame(2, 1, SctpPackets.DLM_PORT, 40000, 0x11111111L, SctpPackets.init(2, 0x22222222L, 500)));
        long tsn = 100;
        for (int mid = 5; mid < 9; mid++) {
            f.add(SctpPackets.frame(1, 2, 40000, SctpPackets.DLM_PORT, 0x22222222L,
                    SctpPackets.iData(0x03, tsn++, 0, mid, 0, org.dlminspect.testkit.DlmBytes.opts(1, mid, inner))));
        }
        f.add(SctpPackets.frame(1, 2, 40000, SctpPackets.DLM_PORT, 0x22222222L,
                SctpPackets.iData(0x02, tsn++, 1, 40, 0, java.util.Arrays.copyOfRange(big, 0, 12))));
        f.add(SctpPackets.frame(1, 2, 40000, SctpPackets.DLM_PORT, 0x22222222L,
                SctpPackets.iData(0x00, tsn++, 1, 40, 1, java.util.Arrays.copyOfRange(big, 12, 28))));
        f.add(SctpPackets.frame(1, 2, 40000, SctpPackets.DLM_PORT, 0x22222222L,
                SctpPackets.iData(0x01, tsn, 1, 40, 2, java.util.Arrays.copyOfRange(big, 28, big.length))));
        byte[] capture = SctpPackets.pcap(f);
        SctpRecording ours = SctpRecording.of(capture);
        assertEquals(5, ours.messages.size(), ours.diagnostics.toString());
        Path file = Files.createTempFile("idata", ".pcap");
        try {
            Files.write(file, capture);
            Map<Long, String> theirs = new HashMap<>();
            for (String[] row : tshark(file, "sctp.data_mid", "-e", "frame.number", "-e", "sctp.data_mid")) {
                theirs.put(Long.parseLong(row[0]), row[1]);
            }
            assertEquals(7, theirs.size(), "tshark shows the MID of each of the 7 I-DATA chunks: " + theirs);
            for (SctpRecording.Message m : ours.messages) {
                assertEquals(theirs.get(m.frame()), Long.toString(m.sctp().mid()), "frame " + m.frame());
            }
            List<String[]> eight = tshark(file, "sctp.data_mid == 8", "-e", "frame.number");
            assertEquals(1, eight.size());
            assertEquals(List.of(Long.parseLong(eight.get(0)[0])),
                    ours.messages.stream().filter(m -> m.sctp().mid() == 8).map(SctpRecording.Message::frame).toList());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String first(String list) {
        int comma = list.indexOf(',');
        return comma < 0 ? list : list.substring(0, comma);
    }

    private static List<String[]> tshark() throws IOException, InterruptedException {
        return tshark(SCTP, "dlm3", "-e", "frame.number", "-e", "dlm3.h.cmd", "-e", "dlm3.h.seq", "-e", "dlm3.h.length",
                "-e", "dlm3.h.nodeid");
    }

    /** tshark's {@code -T fields} rows of the frames of {@code file} that pass {@code filter}. */
    private static List<String[]> tshark(Path file, String filter, String... fields) throws IOException, InterruptedException {
        boolean required = System.getenv("DLM_INSPECT_REQUIRE_TSHARK") != null;
        List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", file.toString(), "-Y", filter, "-T", "fields"));
        command.addAll(List.of(fields));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            if (required) fail("tshark is required here (DLM_INSPECT_REQUIRE_TSHARK is set) but cannot run: " + e.getMessage());
            Assumptions.abort("tshark not installed: SCTP cross-check skipped");
            return List.of();
        }
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) rows.add(line.split("\t", -1));
        }
        assertEquals(0, p.waitFor(), "tshark exit status");
        return rows;
    }
}
