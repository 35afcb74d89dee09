package org.dlminspect.sctp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.dlminspect.Diagnostic;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;
import org.dlminspect.pipeline.SctpInfo;
import org.dlminspect.tcp.TcpDirection;
import org.dlminspect.tcp.TcpEvent;

/** What the pipeline reported for an SCTP capture: messages with their SCTP chunk, events, diagnostics. */
final class SctpRecording implements DissectionListener {
    record Message(long frame, TcpDirection direction, int cmd, long seq, int nodeid, SctpInfo sctp, int length) { }

    final List<Message> messages = new ArrayList<>();
    final List<TcpEvent> events = new ArrayList<>();
    final List<Diagnostic> diagnostics = new ArrayList<>();

    static SctpRecording of(byte[] capture, boolean verifyChecksums) throws IOException {
        SctpRecording r = new SctpRecording();
        try (CaptureReader reader = CaptureFiles.open(new ByteArrayInputStream(capture), "sctp-test.pcap", r::onDiagnostic)) {
            Dissector d = new Dissector(DissectorOptions.defaults(), r);
            d.verifySctpChecksums(verifyChecksums);
            d.run(reader);
        }
        return r;
    }

    static SctpRecording of(byte[] capture) throws IOException {
        return of(capture, false);
    }

    @Override
    public void onMessage(DissectedMessage m) {
        messages.add(new Message(m.frame(), m.direction(), m.header().cmd(), m.header().union(), (int) m.header().nodeid(),
                m.sctp(), m.header().length()));
    }

    @Override
    public void onTcpEvent(TcpEvent e) {
        events.add(e);
    }

    @Override
    public void onDiagnostic(Diagnostic d) {
        diagnostics.add(d);
    }

    long events(TcpEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).count();
    }

    List<String> codes() {
        return diagnostics.stream().map(Diagnostic::code).toList();
    }
}
