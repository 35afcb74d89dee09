package org.dlminspect.cli.live;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dlminspect.Diagnostic;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;

/**
 * The DLM byte streams of a capture of one TCP connection, cut into messages by the project's
 * own reader, reassembler and framer: what each side sent, in the order the capture saw it, with
 * TCP retransmissions and segmentation gone.
 */
record SampleStreams(List<Message> messages, List<Diagnostic> diagnostics) {
    /** One DLM message and the side that sent it. */
    record Message(boolean fromClient, byte[] bytes) { }

    static SampleStreams load(Path capture) throws IOException {
        List<Message> messages = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        int[] streams = {-1};
        DissectionListener collect = new DissectionListener() {
            @Override
            public void onMessage(DissectedMessage m) {
                int s = m.direction().stream();
                if (streams[0] < 0) {
                    streams[0] = s;
                } else if (streams[0] != s) {
                    throw new IllegalStateException(capture + " has DLM traffic on more than one TCP connection");
                }
                ByteBuffer b = m.bytes().duplicate();
                byte[] copy = new byte[b.remaining()];
                b.get(copy);
                messages.add(new Message(m.direction().fromClient(), copy));
            }

            @Override
            public void onDiagnostic(Diagnostic d) {
                diagnostics.add(d);
            }
        };
        try (CaptureReader reader = CaptureFiles.open(capture, diagnostics::add)) {
            new Dissector(DissectorOptions.defaults(), collect).run(reader);
        }
        return new SampleStreams(List.copyOf(messages), List.copyOf(diagnostics));
    }

    long count(boolean fromClient) {
        return messages.stream().filter(m -> m.fromClient() == fromClient).count();
    }
}
