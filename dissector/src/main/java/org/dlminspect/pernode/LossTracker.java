package org.dlminspect.pernode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.dlminspect.analysis.Finding;
import org.dlminspect.analysis.FindingCode;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.HeapCost;
import org.dlminspect.net.IpAddress;
import org.dlminspect.net.TcpSegment;

/**
 * What one capture saw and the other did not, per direction: segments lost between the capture points
 * ({@code net.lost}, each followed to the first segment covering its first byte that did reach the
 * receiver's capture: the TCP retransmission, possibly cut differently), and segments the sender's capture
 * missed ({@code capture.sender_missed}). A conclusion needs both captures running and both seeing that node
 * pair (a capture filtered to other peers proves nothing); otherwise it rests on one side only and is counted
 * as such. Episodes: losses of one direction less than a second apart.
 */
public final class LossTracker {
    private static final long EPISODE_GAP_NANOS = 1_000_000_000L;
    private static final int LISTED = 20;
    private static final int MAX_FRAMES = 200;
    private static final int MAX_OPEN = 65536;
    private static final long ENTRY_BYTES = HeapCost.object(8 * 4 + 8);

    private final Captures captures;
    private final long windowNanos;
    private final Account account;
    private final Consumer<Finding> findings;
    private final Map<IpAddress, Long> nodeIds = new HashMap<>();
    /** Receiver-side sightings of the last windows, per direction: seq start, end, time, frame. */
    private final Map<Segment.Direction, ArrayDeque<long[]>> received = new HashMap<>();
    /** Lost segments not yet recovered, per direction: seq, length, time, frame. */
    private final Map<Segment.Direction, ArrayDeque<long[]>> open = new HashMap<>();
    private final Map<Segment.Direction, List<Episode>> lost = new LinkedHashMap<>();
    private final Map<Segment.Direction, List<Episode>> senderMissed = new LinkedHashMap<>();
    private long lostSegments;
    private long recovered;
    private long missedBySender;
    private long oneSided;
    private long ackOnly;

    /** One episode: the segments concerned, and for losses what recovered each (0 when nothing did). */
    static final class Episode {
        final List<long[]> items = new ArrayList<>();
        long count;
        long first;
        long last;
    }

    LossTracker(Captures captures, long windowNanos, Account account, Consumer<Finding> findings) {
        this.captures = captures;
        this.windowNanos = windowNanos;
        this.account = account;
        this.findings = findings;
        for (Captures.File f : captures.files()) f.nodeIds().forEach(nodeIds::putIfAbsent);
    }

    /**
     * A segment in the receiver's capture: it may recover earlier losses.
     *
     * @param matchedSend the frame of the sender's copy it matched, 0 when none did
     */
    void received(PerNodeMatcher.Held h, long matchedSend) {
        long end = h.seq + span(h);
        ArrayDeque<long[]> recent = received.computeIfAbsent(h.direction, k -> new ArrayDeque<>());
        while (!recent.isEmpty() && h.nanos - recent.peekFirst()[2] > 2 * windowNanos) {
            recent.pollFirst();
            account.release(ENTRY_BYTES);
        }
        if (recent.size() < MAX_OPEN && account.charge(ENTRY_BYTES)) recent.addLast(new long[] {h.seq, end, h.nanos, h.ref, matchedSend});
        ArrayDeque<long[]> waiting = open.get(h.direction);
        if (waiting == null) return;
        for (Iterator<long[]> it = waiting.iterator(); it.hasNext(); ) {
            long[] l = it.next();
            if (l[2] < h.nanos && covers(h.seq, end, l[0])) {
                it.remove();
                account.release(ENTRY_BYTES);
                recover(l, h.ref, h.nanos);
            }
        }
    }

    /** A segment of the sender's capture sent while the receiver's capture was not running. */
    void receiverNotRunning(PerNodeMatcher.Held h) {
        if (span(h) > 0) oneSided++;
    }

    /** A segment of the sender's capture that no copy in the receiver's capture matched. */
    void unmatchedSend(PerNodeMatcher.Held h, boolean undecided) {
        if (span(h) == 0) {
            ackOnly++;
            return;
        }
        if (undecided || !bothSee(h, h.receiver)) {
            oneSided++;
            return;
        }
        ArrayDeque<long[]> recent = received.get(h.direction);
        if (recent != null) {
            for (long[] r : recent) {
                if (r[2] >= h.nanos && covers(r[0], r[1], h.seq)) {
                    // A copy of another send of these bytes (the retransmission) arrived: this one was lost, and
                    // recovered. A segment that matched no send carried these bytes cut differently (segmentation
                    // offload on the sender): delivered.
                    if (r[4] == 0) return;
                    lostSegments++;
                    recordLoss(h, r[3], r[2]);
                    return;
                }
            }
        }
        lostSegments++;
        long[] l = {h.seq, h.length, h.nanos, h.ref, 0, 0};
        ArrayDeque<long[]> waiting = open.computeIfAbsent(h.direction, k -> new ArrayDeque<>());
        if (waiting.size() < MAX_OPEN && account.charge(ENTRY_BYTES)) {
            waiting.addLast(l);
            episode(lost, h.direction, h.nanos).items.add(l);
        } else {
            episode(lost, h.direction, h.nanos);
        }
    }

    /** Only the receiver's capture has this segment. */
    void receiverOnly(PerNodeMatcher.Held h) {
        if (span(h) == 0 || !bothSee(h, h.sender)) {
            if (span(h) != 0) oneSided++;
            return;
        }
        missedBySender++;
        Episode e = episode(senderMissed, h.direction, h.nanos);
        if (e.items.size() < MAX_FRAMES) e.items.add(new long[] {h.seq, h.length, h.nanos, h.ref, 0, 0});
    }

    private void recordLoss(PerNodeMatcher.Held h, long byRef, long byNanos) {
        long[] l = {h.seq, h.length, h.nanos, h.ref, byRef, byNanos};
        Episode e = episode(lost, h.direction, h.nanos);
        if (e.items.size() < MAX_FRAMES) e.items.add(l);
        recovered++;
    }

    private void recover(long[] l, long byRef, long byNanos) {
        l[4] = byRef;
        l[5] = byNanos;
        recovered++;
    }

    /** Whether capture {@code other} ran around this segment and saw this node pair at all. */
    private boolean bothSee(PerNodeMatcher.Held h, int other) {
        Captures.File c = captures.files().get(other);
        boolean running = h.nanos >= c.alignedStart() + windowNanos && h.nanos + windowNanos <= c.alignedStop();
        return running && c.nodePairs().contains(Segment.AddressPair.of(h.direction.source(), h.direction.destination()));
    }

    private static Episode episode(Map<Segment.Direction, List<Episode>> by, Segment.Direction d, long nanos) {
        List<Episode> list = by.computeIfAbsent(d, k -> new ArrayList<>());
        Episode e = list.isEmpty() ? null : list.get(list.size() - 1);
        if (e == null || nanos - e.last > EPISODE_GAP_NANOS) {
            e = new Episode();
            e.first = nanos;
            list.add(e);
        }
        e.last = nanos;
        e.count++;
        return e;
    }

    private static long span(PerNodeMatcher.Held h) {
        return h.length + ((h.flags & (TcpSegment.SYN | TcpSegment.FIN)) != 0 ? 1 : 0);
    }

    /** Whether [start, end) holds {@code seq}, in TCP's wrapping sequence space. */
    private static boolean covers(long start, long end, long seq) {
        long off = (seq - start) & 0xFFFFFFFFL;
        long len = (end - start) & 0xFFFFFFFFL;
        return off < len;
    }

    /** End of input: one finding per episode and direction. */
    void finish() {
        for (Map.Entry<Segment.Direction, List<Episode>> e : lost.entrySet()) {
            for (Episode ep : e.getValue()) report(FindingCode.NET_LOST, e.getKey(), ep);
        }
        for (Map.Entry<Segment.Direction, List<Episode>> e : senderMissed.entrySet()) {
            for (Episode ep : e.getValue()) report(FindingCode.CAPTURE_SENDER_MISSED, e.getKey(), ep);
        }
        lost.clear();
        senderMissed.clear();
        for (ArrayDeque<long[]> q : open.values()) account.release(q.size() * ENTRY_BYTES);
        for (ArrayDeque<long[]> q : received.values()) account.release(q.size() * ENTRY_BYTES);
        open.clear();
        received.clear();
    }

    private void report(FindingCode code, Segment.Direction d, Episode ep) {
        long from = nodeIds.getOrDefault(d.source(), -1L);
        long to = nodeIds.getOrDefault(d.destination(), -1L);
        String sender = from >= 0 ? "node " + from : d.source().toString();
        String receiver = to >= 0 ? "node " + to : d.destination().toString();
        List<Long> frames = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        long unrecovered = 0;
        long worstCost = 0;
        for (long[] l : ep.items) {
            if (frames.size() < MAX_FRAMES) frames.add(l[3]);
            if (l[4] > 0 && frames.size() < MAX_FRAMES) frames.add(l[4]);
            seqs.add(l[0]);
            if (code == FindingCode.NET_LOST && l[4] == 0) unrecovered++;
            if (l[4] > 0) worstCost = Math.max(worstCost, l[5] - l[2]);
            if (seqs.size() <= LISTED) {
                sb.append(seqs.size() == 1 ? "" : "; ").append("frame ").append(FrameRef.text(l[3]));
                if (d.sctp()) {
                    sb.append(" (TSN ").append(l[0]).append(", ").append(l[1]).append(l[1] == 1 ? " DATA chunk)" : " DATA chunks)");
                } else {
                    sb.append(" (TCP seq ").append(l[0]).append(", ").append(l[1]).append(" bytes)");
                }
                if (code == FindingCode.NET_LOST) {
                    sb.append(l[4] > 0 ? " recovered by frame " + FrameRef.text(l[4]) + " " + millis(l[5] - l[2]) + " after it was sent"
                            : " never recovered in the receiver's capture");
                }
            }
        }
        if (ep.count > seqs.size()) sb.append("; and ").append(ep.count - seqs.size()).append(" more");
        String text;
        String what = d.sctp() ? (ep.count == 1 ? " SCTP packet" : " SCTP packets") : (ep.count == 1 ? " TCP segment" : " TCP segments");
        String transport = d.sctp() ? "SCTP" : "TCP";
        if (code == FindingCode.NET_LOST) {
            text = ep.count + what + " from " + sender + " to " + receiver
                    + " left " + sender + "'s capture but never reached " + receiver + "'s capture, which was running:"
                    + " lost in the network between the two capture points"
                    + (unrecovered == 0 ? "; " + transport + " retransmission recovered each, the loss cost up to " + millis(worstCost)
                    : "; " + unrecovered + " never recovered while the capture ran") + ": " + sb;
        } else {
            text = ep.count + what + " from " + sender + " to " + receiver
                    + " reached " + receiver + "'s capture but are missing from " + sender + "'s capture, which was running:"
                    + " the sending side's capture dropped them (not a network fault): " + sb;
        }
        long main = frames.isEmpty() ? 0 : frames.get(0);
        findings.accept(new Finding(code, code.defaultSeverity(), from, to, d.source(), d.destination(), main, ep.first,
                frames, seqs, -1, text));
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    public long lostSegments() {
        return lostSegments;
    }

    public long recoveredSegments() {
        return recovered;
    }

    public long missedBySender() {
        return missedBySender;
    }

    /** Segments whose fate rests on one capture only (the other not running, or not seeing that pair). */
    public long oneSided() {
        return oneSided;
    }

    public long unmatchedAcks() {
        return ackOnly;
    }
}
