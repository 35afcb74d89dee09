package org.dlminspect.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.dlminspect.Diagnostic;
import org.dlminspect.DiagnosticSink;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.tcp.TcpEvent;
import org.junit.jupiter.api.Test;

/** The listener on a second thread sees exactly what it would see on the Dissector's thread. */
class BackgroundListenerTest {
    /** Writes down every event with its full content, and the thread it came on. */
    private static final class Recorder implements DissectionListener {
        final List<String> events = new ArrayList<>();
        final List<Thread> threads = new ArrayList<>();

        @Override
        public void onFrame(CaptureFrame f) {
            add("frame " + f.number() + " " + f.epochNanos() + " " + f.linkType() + " " + f.capturedLength() + " " + f.originalLength());
        }

        @Override
        public void onMessage(DissectedMessage m) {
            byte[] b = new byte[m.bytes().limit()];
            m.bytes().get(0, b);
            add("message " + m.frame() + " " + m.firstFrame() + " " + m.epochNanos() + " " + m.direction() + " "
                    + m.streamOffset() + " " + m.header() + " " + HexFormat.of().formatHex(b) + " " + m.pdu().info()
                    + " " + m.pdu().errors() + " " + m.pdu().truncated());
        }

        @Override
        public void onTcpEvent(TcpEvent e) {
            add("tcp " + e);
        }

        @Override
        public void onDiagnostic(Diagnostic d) {
            add("diagnostic " + d);
        }

        @Override
        public void onEnd() {
            add("end");
        }

        void add(String s) {
            events.add(s);
            threads.add(Thread.currentThread());
        }
    }

    private static List<String> dissect(Path capture, boolean background) throws IOException {
        return dissect(capture, background, false);
    }

    /** {@code decode}: the field decode on the Dissector's thread while the second one is behind. */
    private static List<String> dissect(Path capture, boolean background, boolean decode) throws IOException {
        Recorder recorder = new Recorder();
        List<String> readerReports = recorder.events;
        try (BackgroundListener bg = background ? new BackgroundListener(recorder, List.of(), decode) : null) {
            DissectionListener listener = bg != null ? bg : recorder;
            DiagnosticSink readerSink = d -> recorder.add("reader " + d);
            try (CaptureReader reader = CaptureFiles.open(capture, bg != null ? bg.diagnostics(readerSink) : readerSink)) {
                new Dissector(DissectorOptions.defaults(), listener).run(reader);
            }
        }
        if (background) {
            assertFalse(recorder.threads.contains(Thread.currentThread()), "every event on the second thread");
        }
        return readerReports;
    }

    @Test
    void sameEventsInTheSameOrderOnEverySample() throws IOException {
        for (String name : List.of("normal", "loss", "reconnect", "snaplen")) {
            Path capture = Path.of("../samples/" + name + ".pcap.gz");
            List<String> direct = dissect(capture, false);
            List<String> background = dissect(capture, true);
            assertTrue(direct.size() > 5_000, name + ": " + direct.size());
            assertEquals(direct.size(), background.size(), name);
            for (int i = 0; i < direct.size(); i++) {
                assertEquals(direct.get(i), background.get(i), name + " event " + i);
            }
        }
    }

    @Test
    void withTheDecodeBeforeTheHandOverTheSameEventsInTheSameOrder() throws IOException {
        for (String name : List.of("normal", "snaplen")) {
            Path capture = Path.of("../samples/" + name + ".pcap.gz");
            assertEquals(dissect(capture, false), dissect(capture, true, true), name);
        }
    }

    /** A carried annotator's two halves: annotate on the Dissector's thread, show just before its message arrives. */
    @Test
    void aCarriedAnnotationReachesTheTargetWithItsMessageAndTheDecodeMadeBeforeIsKept() throws IOException {
        Thread reading = Thread.currentThread();
        List<Long> annotated = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Object[] shown = new Object[1];
        CarriedAnnotator<org.dlminspect.dlm.DlmPdu> decoder = new CarriedAnnotator<>() {
            @Override
            public org.dlminspect.dlm.DlmPdu annotate(DissectedMessage m) {
                if (Thread.currentThread() != reading) problems.add("annotate off the reading thread");
                annotated.add(m.frame());
                return m.pdu(); // decoded here, on the reading thread
            }

            @Override
            public void show(org.dlminspect.dlm.DlmPdu pdu) {
                if (Thread.currentThread() == reading) problems.add("show on the reading thread");
                shown[0] = pdu;
            }
        };
        List<Long> delivered = new ArrayList<>();
        DissectionListener target = new DissectionListener() {
            @Override
            public void onMessage(DissectedMessage m) {
                delivered.add(m.frame());
                // the very decode the annotator made and was shown: carried, not made again
                if (m.pdu() != shown[0]) problems.add("frame " + m.frame() + ": another decode");
            }
        };
        try (BackgroundListener bg = new BackgroundListener(target, List.of(decoder), false);
             CaptureReader reader = CaptureFiles.open(Path.of("../samples/normal.pcap.gz"), DiagnosticSink.IGNORE)) {
            new Dissector(DissectorOptions.defaults(), bg).run(reader);
        }
        assertEquals(List.of(), problems);
        assertTrue(annotated.size() > 5_000, "" + annotated.size());
        assertEquals(annotated, delivered);
    }

    /**
     * A carried annotator that fails fails the run on the Dissector's thread, with its exception; the messages
     * before it were delivered whole, and no half-handed-over one after them (at message 20,000 the batches are
     * recycled ones, whose slots still hold earlier events).
     */
    @Test
    void aFailingCarriedAnnotatorFailsTheRunAndNoHalfMessageIsDelivered() throws IOException {
        IllegalStateException boom = new IllegalStateException("annotator failed");
        List<Long> annotated = new ArrayList<>();
        CarriedAnnotator<Long> failing = new CarriedAnnotator<>() {
            @Override
            public Long annotate(DissectedMessage m) {
                if (annotated.size() == 20_000) throw boom;
                annotated.add(m.frame());
                return m.frame();
            }

            @Override
            public void show(Long frame) {
                shownFrames.add(frame);
            }
        };
        Recorder recorder = new Recorder();
        BackgroundListener bg = new BackgroundListener(recorder, List.of(failing), true);
        try (bg; CaptureReader reader = CaptureFiles.open(Path.of("../samples/normal.pcap.gz"), DiagnosticSink.IGNORE)) {
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> new Dissector(DissectorOptions.defaults(), bg).run(reader));
            assertSame(boom, thrown);
        }
        assertEquals(annotated, shownFrames);
        // Exactly what a direct run delivers before the 20,001st message: nothing more, nothing else.
        Recorder direct = new Recorder();
        try (CaptureReader reader = CaptureFiles.open(Path.of("../samples/normal.pcap.gz"), DiagnosticSink.IGNORE)) {
            new Dissector(DissectorOptions.defaults(), direct).run(reader);
        }
        int cut = 0;
        for (int messages = 0; messages <= 20_000; cut++) {
            if (direct.events.get(cut).startsWith("message ") && ++messages > 20_000) break;
        }
        assertEquals(direct.events.subList(0, cut), recorder.events);
    }

    private final List<Long> shownFrames = new ArrayList<>();

    @Test
    void aTargetWithoutOnFrameGetsEverythingElseAndNoFrames() throws IOException {
        Path capture = Path.of("../samples/normal.pcap.gz");
        List<String> expected = dissect(capture, false);
        expected.removeIf(e -> e.startsWith("frame "));
        Recorder recorder = new Recorder();
        DissectionListener noFrames = new DissectionListener() {
            @Override
            public void onMessage(DissectedMessage m) {
                recorder.onMessage(m);
            }

            @Override
            public void onTcpEvent(TcpEvent e) {
                recorder.onTcpEvent(e);
            }

            @Override
            public void onDiagnostic(Diagnostic d) {
                recorder.onDiagnostic(d);
            }

            @Override
            public void onEnd() {
                recorder.onEnd();
            }
        };
        try (BackgroundListener bg = new BackgroundListener(noFrames);
             CaptureReader reader = CaptureFiles.open(capture, bg.diagnostics(d -> recorder.add("reader " + d)))) {
            new Dissector(DissectorOptions.defaults(), bg).run(reader);
        }
        assertEquals(expected, recorder.events);
    }

    @Test
    void aFailureOfTheTargetReachesTheDissectorThreadAsTheSameException() throws IOException {
        UncheckedIOException broken = new UncheckedIOException(new IOException("Broken pipe"));
        DissectionListener failing = new DissectionListener() {
            @Override
            public void onMessage(DissectedMessage m) {
                throw broken;
            }
        };
        try (BackgroundListener bg = new BackgroundListener(failing);
             CaptureReader reader = CaptureFiles.open(Path.of("../samples/normal.pcap.gz"), DiagnosticSink.IGNORE)) {
            UncheckedIOException thrown = assertThrows(UncheckedIOException.class,
                    () -> new Dissector(DissectorOptions.defaults(), bg).run(reader));
            assertSame(broken, thrown);
        }
    }

    @Test
    void closeWithoutEndDeliversWhatCameBeforeAndStops() {
        Recorder recorder = new Recorder();
        BackgroundListener bg = new BackgroundListener(recorder);
        bg.diagnostics(d -> recorder.add("reader " + d.code())).report(new Diagnostic(0, org.dlminspect.Severity.ERROR, "capture.x", "bad"));
        bg.onDiagnostic(new Diagnostic(3, org.dlminspect.Severity.NOTE, "net.y", "odd"));
        bg.close();
        assertEquals(List.of("reader capture.x", "diagnostic " + new Diagnostic(3, org.dlminspect.Severity.NOTE, "net.y", "odd")),
                recorder.events);
    }
}
