package org.dlminspect.bench.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dlminspect.DiagnosticSink;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.net.PacketDecoder;
import org.dlminspect.net.TcpSegment;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;

/**
 * A real capture held in memory for the benchmarks (system property {@code dlm.sample}, default
 * {@code samples/normal.pcap.gz}): its frames, its TCP segments and its DLM messages.
 */
final class Sample {
    static final Sample NORMAL = load(Path.of(System.getProperty("dlm.sample", "samples/normal.pcap.gz")));

    final CaptureFrame[] frames;
    final TcpSegment[] segments;
    final long[] segmentFrame;
    final long[] segmentNanos;
    final DissectedMessage[] messages;
    final ByteBuffer[] messageBytes;
    /** Every message back to back, and where each ends. */
    final byte[] stream;
    final int[] streamCuts;

    private Sample(CaptureFrame[] frames, TcpSegment[] segments, long[] segmentFrame, long[] segmentNanos,
                   DissectedMessage[] messages, ByteBuffer[] messageBytes) {
        this.frames = frames;
        this.segments = segments;
        this.segmentFrame = segmentFrame;
        this.segmentNanos = segmentNanos;
        this.messages = messages;
        this.messageBytes = messageBytes;
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        streamCuts = new int[messageBytes.length];
        for (int i = 0; i < messageBytes.length; i++) {
            all.write(messageBytes[i].array(), 0, messageBytes[i].limit());
            streamCuts[i] = all.size();
        }
        stream = all.toByteArray();
    }

    private static Sample load(Path path) {
        try (CaptureReader reader = CaptureFiles.open(path, DiagnosticSink.IGNORE)) {
            List<CaptureFrame> frames = new ArrayList<>();
            CaptureFrame f = new CaptureFrame();
            while (reader.next(f)) {
                CaptureFrame copy = new CaptureFrame();
                copy.setData(Arrays.copyOf(f.data(), f.capturedLength()));
                copy.set(f.number(), f.epochNanos(), f.linkType(), f.interfaceId(), f.capturedLength(), f.originalLength());
                frames.add(copy);
            }
            PacketDecoder decoder = new PacketDecoder();
            List<TcpSegment> segments = new ArrayList<>();
            List<long[]> at = new ArrayList<>();
            for (CaptureFrame c : frames) {
                TcpSegment s = new TcpSegment();
                if (decoder.decode(c, s, DiagnosticSink.IGNORE)) {
                    segments.add(s);
                    at.add(new long[] {c.number(), c.epochNanos()});
                }
            }
            List<DissectedMessage> messages = new ArrayList<>();
            List<ByteBuffer> bytes = new ArrayList<>();
            Dissector d = new Dissector(DissectorOptions.defaults(), new DissectionListener() {
                @Override
                public void onMessage(DissectedMessage m) {
                    byte[] b = new byte[m.bytes().limit()];
                    m.bytes().get(0, b);
                    ByteBuffer kept = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                    bytes.add(kept);
                    messages.add(new DissectedMessage(m.frame(), m.firstFrame(), m.epochNanos(), m.direction(),
                            m.streamOffset(), kept, m.header(), m.pdu()));
                }
            });
            for (CaptureFrame c : frames) d.process(c);
            d.finish();
            return new Sample(frames.toArray(new CaptureFrame[0]), segments.toArray(new TcpSegment[0]),
                    at.stream().mapToLong(x -> x[0]).toArray(), at.stream().mapToLong(x -> x[1]).toArray(),
                    messages.toArray(new DissectedMessage[0]), bytes.toArray(new ByteBuffer[0]));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sample " + path + " (run from the project root, or set"
                    + " -Ddlm.sample=FILE)", e);
        }
    }
}
