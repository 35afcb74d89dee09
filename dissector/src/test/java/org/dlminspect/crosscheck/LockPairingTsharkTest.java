package org.dlminspect.crosscheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.locks.LockAnnotator;
import org.dlminspect.locks.LockLink;
import org.dlminspect.memory.MemoryBudget;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The request/reply links ({@code dlm.lock.request_in}) against a pairing computed independently from tshark's
 * dlm3 fields: every request (REQUEST, CONVERT, UNLOCK, CANCEL, LOOKUP) from node A with {@code m_lkid} L is
 * outstanding as (A, L); a REQUEST/CONVERT/UNLOCK/CANCEL_REPLY to A answers (A, {@code m_remid}), a LOOKUP_REPLY
 * (A, {@code m_lkid}) (reference §2.5, §2.6). On the real captures both must give the same (reply frame, request
 * frame) pairs; on {@code reconnect}, whose reconnect retransmits unacknowledged messages, only if both skip the
 * midcomms retransmissions. ({@code loss}, with reordering and duplicates at the capture point, is not compared:
 * tshark's TCP reassembly and ours place some messages in other frames.)
 */
class LockPairingTsharkTest {
    private static final List<Integer> REQUESTS = List.of(1, 2, 3, 4, 11);

    /** One lockspace in these captures: a lock is (node, lkid). */
    private record Key(long node, long lkid) { }

    @ParameterizedTest
    @ValueSource(strings = {"normal", "reconnect"})
    void everyReplyNamesTheRequestTsharkPairsItWith(String sample) throws Exception {
        if (!TsharkPdml.available()) {
            if (System.getenv("DLM_INSPECT_REQUIRE_TSHARK") != null) fail("tshark is required here but is not installed");
            Assumptions.abort("tshark not installed: cross-check skipped");
        }
        Path file = TsharkCrossCheckTest.samples().resolve(sample + ".pcap.gz");
        List<String> fromTshark = tsharkPairs(file);
        List<String> ours = ourPairs(file);
        assertTrue(fromTshark.size() > 1000, sample + ": " + fromTshark.size() + " pairs from tshark");
        assertEquals(fromTshark, ours);
    }

    /**
     * "replyFrame<-requestFrame", in frame order, from tshark's fields. A midcomms retransmission (the same
     * message with the same OPTS seq again from the same address to the same address, reference §3.8) is
     * dropped by the receiver, so it is skipped: the headers of a frame come in order ({@code dlm3.h.cmd}), an
     * OPTS or ACK header carries {@code dlm3.h.seq}, and a MSG right after an OPTS header is its inner message.
     */
    private static List<String> tsharkPairs(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tshark", "-n", "-r", file.toString(), "-d", "tcp.port==21064,dlm3",
                "-Y", "dlm3.m.type", "-T", "fields", "-E", "occurrence=a", "-e", "frame.number", "-e", "ip.src", "-e", "ip.dst",
                "-e", "dlm3.h.nodeid", "-e", "dlm3.h.cmd", "-e", "dlm3.h.seq", "-e", "dlm3.m.type", "-e", "dlm3.m.lkid",
                "-e", "dlm3.m.remid")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<String, Long> nodeOf = new HashMap<>();
        Map<Key, Long> outstanding = new HashMap<>();
        Set<List<Object>> sent = new HashSet<>();
        List<String> pairs = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] c = line.split("\t", -1);
                long frame = Long.parseLong(c[0]);
                // Every header's h_nodeid is the sender's (outer OPTS and inner MSG alike).
                nodeOf.put(c[1], Long.decode(c[3].split(",")[0]));
                long src = nodeOf.get(c[1]);
                Long dst = nodeOf.get(c[2]);
                String[] cmds = c[4].split(",");
                String[] seqs = c[5].isEmpty() ? new String[0] : c[5].split(",");
                String[] types = c[6].split(",");
                String[] lkids = c[7].split(",");
                String[] remids = c[8].split(",");
                int seqAt = 0;
                int msgAt = 0;
                Long optsSeq = null;
                for (String cmdText : cmds) {
                    int cmd = Integer.parseInt(cmdText);
                    if (cmd == 3 || cmd == 4) {
                        long seq = Long.parseLong(seqs[seqAt++]);
                        optsSeq = cmd == 3 ? seq : null;
                        continue;
                    }
                    Long seq = optsSeq;
                    optsSeq = null;
                    if (cmd != 1) continue;
                    int type = Integer.parseInt(types[msgAt]);
                    long lkid = Long.decode(lkids[msgAt]);
                    long remid = Long.decode(remids[msgAt]);
                    msgAt++;
                    if (seq != null && !sent.add(List.of(c[1], c[2], seq, type, lkid, remid))) continue;
                    if (REQUESTS.contains(type)) {
                        outstanding.put(new Key(src, lkid), frame);
                    } else if (dst != null && (type >= 5 && type <= 8 || type == 13)) {
                        Long request = outstanding.remove(new Key(dst, type == 13 ? lkid : remid));
                        if (request != null) pairs.add(frame + "<-" + request);
                    }
                }
                assertEquals(seqs.length, seqAt, "frame " + frame + ": headers and seqs out of step");
                assertEquals(types.length, msgAt, "frame " + frame + ": headers and messages out of step");
            }
        }
        assertEquals(0, p.waitFor(), "tshark failed");
        return pairs;
    }

    /** The same from our links: every message whose link names a request, but GRANT (it follows a reply). */
    private static List<String> ourPairs(Path file) throws IOException {
        LockAnnotator locks = new LockAnnotator(MemoryBudget.unlimited().account("locks"), null);
        List<String> pairs = new ArrayList<>();
        DissectionListener l = new DissectionListener() {
            @Override
            public void onMessage(DissectedMessage m) {
                LockLink link = locks.annotate(m);
                if (link != null && link.requestFrame() > 0 && !"GRANT".equals(link.exchange())) {
                    pairs.add(m.frame() + "<-" + link.requestFrame());
                }
            }
        };
        try (CaptureReader r = CaptureFiles.open(file, d -> { })) {
            new Dissector(DissectorOptions.defaults(), l).run(r);
        }
        return pairs;
    }
}
