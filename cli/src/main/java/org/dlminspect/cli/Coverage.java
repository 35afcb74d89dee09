package org.dlminspect.cli;

import java.util.ArrayList;
import java.util.List;
import org.dlminspect.analysis.Finding;
import org.dlminspect.analysis.FindingCode;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.pipeline.Dissector;

/**
 * Never silent about traffic we skip: a capture with packets on the DLM ports and no DLM message in them, or
 * with SCTP chunks we do not dissect, gets a {@code capture.not_analysed} warning, so its verdict is not "OK".
 */
final class Coverage {
    private Coverage() { }

    static List<Finding> findings(Dissector.Coverage c, long epochNanos) {
        List<Finding> out = new ArrayList<>();
        if (c.dlmPortPackets() > 0 && c.messages() == 0) {
            out.add(finding(c.dlmPortPackets() + " packets on the DLM ports, but no DLM message in them: nothing of"
                    + " this capture was analysed (another protocol on the port? see --port)", epochNanos));
        }
        if (c.undissectedChunks() > 0) {
            out.add(finding(c.undissectedChunks() + " SCTP chunks that dlm-inspect does not dissect (frames "
                    + FrameRef.text(c.firstUndissectedFrame()) + " to " + FrameRef.text(c.lastUndissectedFrame())
                    + "): what they carried is not"
                    + " analysed", epochNanos));
        }
        return out;
    }

    private static Finding finding(String text, long epochNanos) {
        FindingCode code = FindingCode.CAPTURE_NOT_ANALYSED;
        return new Finding(code, code.defaultSeverity(), -1, -1, null, null, 0, epochNanos, List.of(), List.of(), -1, text);
    }
}
