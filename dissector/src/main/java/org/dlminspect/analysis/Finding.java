package org.dlminspect.analysis;

import java.util.List;
import org.dlminspect.Severity;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.net.IpAddress;

/**
 * One thing the midcomms analysis found.
 *
 * @param kind        what it is; {@link #code()} is its stable dotted code
 * @param severity    Wireshark expert severity of this occurrence
 * @param fromNode    node id of the sender of the direction concerned, -1 when unknown
 * @param toNode      node id of the receiver, -1 when unknown
 * @param fromAddress address of that sender, null when the finding is not about one direction
 * @param toAddress   address of that receiver, or null
 * @param frame       the main frame (also {@code frames.get(0)}), 0 when none
 * @param epochNanos  time of the main frame
 * @param frames      frames involved, main frame first (for a repeat: the repeat, then the first copy)
 * @param seqs        midcomms sequence numbers involved (an ACK value counts as one)
 * @param stream      TCP stream index of the main frame, -1 when none
 * @param message     one sentence: what happened and what the receiving kernel did or would do
 * @param episode     id of the {@link Episode} this finding belongs to (episodes group a burst of related
 *                    findings; ids count from 1 in order of the episodes' first finding)
 */
public record Finding(
        FindingCode kind,
        Severity severity,
        long fromNode,
        long toNode,
        IpAddress fromAddress,
        IpAddress toAddress,
        long frame,
        long epochNanos,
        List<Long> frames,
        List<Long> seqs,
        int stream,
        String message,
        int episode) {

    public Finding {
        frames = List.copyOf(frames);
        seqs = List.copyOf(seqs);
    }

    /** A finding not (yet) in an episode (findings made outside the analyzer, e.g. about the captures). */
    public Finding(FindingCode kind, Severity severity, long fromNode, long toNode, IpAddress fromAddress,
                   IpAddress toAddress, long frame, long epochNanos, List<Long> frames, List<Long> seqs, int stream,
                   String message) {
        this(kind, severity, fromNode, toNode, fromAddress, toAddress, frame, epochNanos, frames, seqs, stream,
                message, 0);
    }

    /** This finding as a member of episode {@code id}. */
    Finding inEpisode(int id) {
        return new Finding(kind, severity, fromNode, toNode, fromAddress, toAddress, frame, epochNanos, frames, seqs,
                stream, message, id);
    }

    /** The stable dotted code, e.g. {@code seq.retransmission}. */
    public String code() {
        return kind.code();
    }

    @Override
    public String toString() {
        return (frame > 0 ? "frame " + FrameRef.text(frame) + ": " : "") + severity.label() + " " + code() + ": " + message;
    }
}
