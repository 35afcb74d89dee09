package org.dlminspect.sctp;

import java.util.ArrayList;
import java.util.List;
import org.dlminspect.net.Endpoint;
import org.dlminspect.net.IpAddress;

/**
 * Finds the association (and its direction) of each SCTP packet by ports and verification tag (RFC 9260
 * §8.5): the INIT's initiate tag is the tag of everything sent to the initiator, the INIT ACK's of
 * everything sent to the responder. A packet whose tag is not known yet (capture started mid-association)
 * joins the association of the reverse ports that lacks that direction's tag, or starts a new one.
 */
public final class SctpAssociations {

    /** Where a packet belongs: its association and whether it travels from side A to side B. */
    public record Side(SctpAssociation association, boolean fromA, boolean isNew) { }

    private final TagIndex byTag = new TagIndex();
    private final List<SctpAssociation> open = new ArrayList<>();
    private int next;

    /**
     * The side of {@code packet}, sent from address {@code source} to {@code destination} in {@code frame}. Nothing
     * is allocated for a packet of a known association (the endpoints are made only for a new one).
     */
    public Side locate(SctpPacket packet, IpAddress source, IpAddress destination, long frame, long epochNanos) {
        int sp = packet.sourcePort();
        int dp = packet.destinationPort();
        List<SctpChunk> chunks = packet.chunks();
        for (int i = 0, n = chunks.size(); i < n; i++) {
            SctpChunk c = chunks.get(i);
            if (c instanceof SctpChunk.Init init && init.type() == SctpChunkType.INIT.value()) {
                return begin(init, new Endpoint(source, sp), new Endpoint(destination, dp), frame, epochNanos);
            }
            if (c instanceof SctpChunk.Init ack && ack.type() == SctpChunkType.INIT_ACK.value()) {
                Side s = byTag.get(TagIndex.key(sp, dp, packet.verificationTag()));
                if (s != null && !s.fromA()) {
                    s.association().tagToB = ack.initiateTag();
                    byTag.put(TagIndex.key(dp, sp, ack.initiateTag()), new Side(s.association(), true, false));
                    return s;
                }
            }
        }
        Side s = byTag.get(TagIndex.key(sp, dp, packet.verificationTag()));
        if (s != null) return s;
        // ABORT and SHUTDOWN COMPLETE with the T bit carry the sender's own tag (§8.5.1).
        Side reflected = byTag.get(TagIndex.key(dp, sp, packet.verificationTag()));
        if (reflected != null && reflectsTag(packet)) {
            return new Side(reflected.association(), !reflected.fromA(), false);
        }
        for (SctpAssociation a : open) {
            if (a.ended) continue;
            if (a.tagToA < 0 && a.b().port() == sp && a.a().port() == dp) {
                a.tagToA = packet.verificationTag();
                return remember(sp, dp, packet.verificationTag(), a, false);
            }
            if (a.tagToB < 0 && a.a().port() == sp && a.b().port() == dp) {
                a.tagToB = packet.verificationTag();
                return remember(sp, dp, packet.verificationTag(), a, true);
            }
        }
        SctpAssociation a = create(new Endpoint(source, sp), new Endpoint(destination, dp), frame, epochNanos, false);
        a.tagToB = packet.verificationTag();
        remember(sp, dp, packet.verificationTag(), a, true);
        return new Side(a, true, true);
    }

    /** Ends {@code a} (ABORT, SHUTDOWN COMPLETE): a later INIT between the same ports is a new association. */
    public void end(SctpAssociation a) {
        a.ended = true;
        open.remove(a);
        byTag.removeAssociation(a);
    }

    public List<SctpAssociation> open() {
        return List.copyOf(open);
    }

    public int openCount() {
        return open.size();
    }

    /** The association first seen among the open ones (the one evicted at the limit). */
    public SctpAssociation oldest() {
        return open.isEmpty() ? null : open.get(0);
    }

    private Side begin(SctpChunk.Init init, Endpoint source, Endpoint destination, long frame, long epochNanos) {
        // A retransmitted INIT (T1-init expired) belongs to the association it began.
        Side known = byTag.get(TagIndex.key(destination.port(), source.port(), init.initiateTag()));
        if (known != null) return new Side(known.association(), true, false);
        SctpAssociation a = create(source, destination, frame, epochNanos, true);
        a.tagToA = init.initiateTag();
        byTag.put(TagIndex.key(destination.port(), source.port(), init.initiateTag()), new Side(a, false, false));
        return new Side(a, true, true);
    }

    private SctpAssociation create(Endpoint source, Endpoint destination, long frame, long epochNanos, boolean sawInit) {
        SctpAssociation a = new SctpAssociation(next++, source, destination, frame, epochNanos, sawInit);
        open.add(a);
        return a;
    }

    private Side remember(int sp, int dp, long tag, SctpAssociation a, boolean fromA) {
        Side s = new Side(a, fromA, false);
        byTag.put(TagIndex.key(sp, dp, tag), s);
        return s;
    }

    private static boolean reflectsTag(SctpPacket packet) {
        List<SctpChunk> chunks = packet.chunks();
        for (int i = 0, n = chunks.size(); i < n; i++) {
            SctpChunk c = chunks.get(i);
            int t = c.type();
            if ((t == SctpChunkType.ABORT.value() || t == SctpChunkType.SHUTDOWN_COMPLETE.value()) && (c.flags() & 1) != 0) {
                return true;
            }
        }
        return false;
    }
}
