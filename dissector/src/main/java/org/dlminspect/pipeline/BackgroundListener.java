package org.dlminspect.pipeline;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dlminspect.Diagnostic;
import org.dlminspect.DiagnosticSink;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.dlm.DlmHeader;
import org.dlminspect.dlm.DlmPdu;
import org.dlminspect.tcp.TcpDirection;
import org.dlminspect.tcp.TcpEvent;

/**
 * Runs a listener on a second thread: the {@link Dissector}'s thread reads, decodes, reassembles and
 * frames, this one decodes the messages' fields and analyses or renders them. Everything reaches the
 * target in exactly the order and with exactly the content the Dissector produced; only the thread
 * differs, so the output is the same as with the target called directly.
 *
 * <p>Some of the second thread's work can be done on the first before the hand-over, to even out the
 * two threads ({@code read}'s rendering thread had three times the reading thread's work): the carried
 * annotators ({@link CarriedAnnotator}, the lock pairing of {@code read}), and the field decode while the
 * second thread is the one behind. Their results travel with the message.
 *
 * <p>Events travel in batches through a fixed set of recycled buffers (message bytes are copied into
 * them), so memory stays flat and nothing is allocated per frame beyond what the target itself makes.
 * Frames are forwarded without their bytes: {@link CaptureFrame#data()} is empty in the target's
 * {@code onFrame} (no listener on this path reads it; {@code live -w} does and does not use this class).
 *
 * <p>A failure of the target (a closed standard output) stops the second thread and is rethrown, as
 * the same exception, to the Dissector's thread at its next hand-over, and by {@link #onEnd()}.
 * {@link #onEnd()} returns once the target has processed everything, so that the target can be read
 * from the calling thread afterwards. {@link #close()} stops the second thread if the run ended early.
 */
public final class BackgroundListener implements DissectionListener, AutoCloseable {
    private static final int ENTRIES = 4096;
    private static final int ARENA = 1 << 20;
    private static final int BATCHES = 4;

    private static final byte FRAME = 1;
    private static final byte MESSAGE = 2;
    private static final byte TCP_EVENT = 3;
    private static final byte DIAGNOSTIC = 4;
    private static final byte SINK_REPORT = 5;
    private static final byte END = 6;
    private static final byte STOP = 7;
    private static final byte STAGE_EVENT = 8;

    /** One hand-over: parallel arrays, one slot per event, message bytes in the arena. */
    private static final class Batch {
        final byte[] kind = new byte[ENTRIES];
        final long[] a = new long[ENTRIES];
        final long[] b = new long[ENTRIES];
        final long[] c = new long[ENTRIES];
        final long[] d = new long[ENTRIES];
        final int[] i = new int[ENTRIES];
        final int[] j = new int[ENTRIES];
        final Object[] x = new Object[ENTRIES];
        final Object[] y = new Object[ENTRIES];
        /** The SCTP chunk of a message (null over TCP). */
        final Object[] z = new Object[ENTRIES];
        /** A message's full decode when the Dissector's thread made it, else null. */
        final DlmPdu[] pdu = new DlmPdu[ENTRIES];
        /** Per carried annotator, what it said of each message. */
        final Object[][] notes;
        final byte[] arena = new byte[ARENA];
        final ByteBuffer arenaView = ByteBuffer.wrap(arena);
        int size;
        int used;

        Batch(int annotators) {
            notes = new Object[annotators][ENTRIES];
        }

        /** Empty again, holding no references. */
        void clear() {
            java.util.Arrays.fill(x, 0, size, null);
            java.util.Arrays.fill(y, 0, size, null);
            java.util.Arrays.fill(z, 0, size, null);
            java.util.Arrays.fill(pdu, 0, size, null);
            for (Object[] n : notes) java.util.Arrays.fill(n, 0, size, null);
            size = 0;
            used = 0;
        }
    }

    private final DissectionListener target;
    private final CarriedAnnotator<Object>[] carried;
    /** The carried annotators' results for the message being handed over (the Dissector's thread only). */
    private final Object[] pending;
    /** Decode each message's fields on the Dissector's thread (see {@link #BackgroundListener(DissectionListener, List, boolean)}). */
    private final boolean decode;
    /**
     * Whether the Dissector's thread decodes the messages of the batch it is filling: when {@link #decode}
     * and the second thread was still behind (batches waiting for it) at the last hand-over. The decode goes
     * to whichever thread has time for it; the decode is the same on either thread, so the output is too.
     */
    private boolean decodeHere;
    /** False when the target keeps DissectionListener's empty onFrame: frames are then not handed over. */
    private final boolean forwardFrames;
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);
    private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES);
    private final Thread worker;
    private volatile Throwable failure;
    private Batch current;
    private boolean ended;

    public BackgroundListener(DissectionListener target) {
        this(target, List.of(), false);
    }

    /**
     * With work done on the Dissector's thread before each message is handed over: the {@code carried}
     * annotators' {@link CarriedAnnotator#annotate annotate} (their {@link CarriedAnnotator#show show} runs on
     * the second thread just before the target gets the message), and with {@code decode} the message's field
     * decode ({@link DissectedMessage#pdu()}, for a target that reads every message's fields) while the second
     * thread is the one behind. A message decoded on the Dissector's thread (by this, a carried annotator or an
     * earlier listener) reaches the target with that decode, not decoded again.
     */
    @SuppressWarnings("unchecked")
    public BackgroundListener(DissectionListener target, List<CarriedAnnotator<?>> carried, boolean decode) {
        this.target = target;
        this.carried = carried.toArray(new CarriedAnnotator[0]);
        this.pending = new Object[this.carried.length];
        this.decode = decode;
        this.forwardFrames = overridesOnFrame(target);
        for (int k = 0; k < BATCHES; k++) free.add(new Batch(this.carried.length));
        current = free.poll();
        worker = new Thread(this::work, "dlm-inspect-listener");
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * A sink whose reports reach {@code sink} on the second thread, in order with the events: for the
     * capture reader's diagnostics, which would otherwise race with the target's.
     */
    public DiagnosticSink diagnostics(DiagnosticSink sink) {
        return d -> {
            int k = slot(0);
            current.kind[k] = SINK_REPORT;
            current.x[k] = sink;
            current.y[k] = d;
        };
    }

    @Override
    public void onFrame(CaptureFrame frame) {
        if (!forwardFrames) return;
        int k = slot(0);
        Batch t = current;
        t.kind[k] = FRAME;
        t.a[k] = frame.number();
        t.b[k] = frame.epochNanos();
        t.c[k] = (long) frame.linkType() << 32 | (frame.interfaceId() & 0xFFFFFFFFL);
        t.i[k] = frame.capturedLength();
        t.j[k] = frame.originalLength();
    }

    @Override
    public void onMessage(DissectedMessage m) {
        // Before taking a slot: a failure here leaves no half-filled entry for close() to deliver.
        if (decodeHere) m.pdu();
        CarriedAnnotator<Object>[] annotators = carried;
        for (int n = 0; n < annotators.length; n++) pending[n] = annotators[n].annotate(m);
        int length = m.length();
        int k = slot(length);
        Batch t = current;
        for (int n = 0; n < annotators.length; n++) {
            t.notes[n][k] = pending[n];
            pending[n] = null;
        }
        t.pdu[k] = m.decodedPdu();
        t.kind[k] = MESSAGE;
        t.a[k] = m.frame();
        t.b[k] = m.firstFrame();
        t.c[k] = m.epochNanos();
        t.d[k] = m.streamOffset();
        t.i[k] = t.used;
        t.j[k] = length;
        t.x[k] = m.direction();
        t.y[k] = m.header();
        t.z[k] = m.sctp();
        System.arraycopy(m.array(), m.arrayOffset(), t.arena, t.used, length);
        t.used += length;
    }

    @Override
    public void onTcpEvent(TcpEvent event) {
        int k = slot(0);
        current.kind[k] = TCP_EVENT;
        current.x[k] = event;
    }

    @Override
    public void onDiagnostic(Diagnostic diagnostic) {
        int k = slot(0);
        current.kind[k] = DIAGNOSTIC;
        current.x[k] = diagnostic;
    }

    @Override
    public void onStageEvent(StageEvent event) {
        int k = slot(0);
        current.kind[k] = STAGE_EVENT;
        current.x[k] = event;
    }

    /** Hands over what is left and waits until the target has processed all of it, including its onEnd. */
    @Override
    public void onEnd() {
        if (ended) return;
        ended = true;
        int k = slot(0);
        current.kind[k] = END;
        handOver();
        join();
        rethrow();
    }

    /** Stops the second thread when the run ended without {@link #onEnd()} (an exception). */
    @Override
    public void close() {
        if (ended) return;
        ended = true;
        if (failure == null) {
            int k = slot(0);
            current.kind[k] = STOP;
            handOver();
        }
        join();
    }

    private static boolean overridesOnFrame(DissectionListener target) {
        try {
            return target.getClass().getMethod("onFrame", CaptureFrame.class).getDeclaringClass() != DissectionListener.class;
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    // ---- producer side ----

    /** A free slot in the current batch, with {@code bytes} of arena room; hands the batch over when full. */
    private int slot(int bytes) {
        Batch t = current;
        if (t.size == ENTRIES || t.used + bytes > ARENA) {
            handOver();
            t = current;
        }
        return t.size++;
    }

    private void handOver() {
        Batch t = current;
        current = null;
        // Batches still queued: the second thread is behind, so this thread takes the decode of the next batch.
        decodeHere = decode && !full.isEmpty();
        try {
            while (!full.offer(t, 20, TimeUnit.MILLISECONDS)) {
                rethrow();
            }
            Batch next = null;
            while (next == null) {
                rethrow();
                next = free.poll(20, TimeUnit.MILLISECONDS);
            }
            current = next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing over dissection events", e);
        }
        rethrow();
    }

    private void join() {
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void rethrow() {
        Throwable f = failure;
        if (f == null) return;
        if (f instanceof RuntimeException r) throw r;
        if (f instanceof Error e) throw e;
        throw new IllegalStateException(f);
    }

    // ---- the second thread ----

    private void work() {
        CaptureFrame frame = new CaptureFrame();
        frame.setData(new byte[0]);
        try {
            while (true) {
                Batch t = full.take();
                boolean last = replay(t, frame);
                t.clear();
                free.put(t);
                if (last) return;
            }
        } catch (Throwable e) {
            failure = e;
        }
    }

    /** Delivers one batch to the target; true at END or STOP. */
    private boolean replay(Batch t, CaptureFrame frame) {
        for (int k = 0, n = t.size; k < n; k++) {
            switch (t.kind[k]) {
                case FRAME -> {
                    frame.set(t.a[k], t.b[k], (int) (t.c[k] >>> 32), (int) t.c[k], t.i[k], t.j[k]);
                    target.onFrame(frame);
                }
                case MESSAGE -> {
                    for (int c = 0; c < carried.length; c++) carried[c].show(t.notes[c][k]);
                    target.onMessage(new DissectedMessage(t.a[k], t.b[k], t.c[k], (TcpDirection) t.x[k], t.d[k],
                            t.arena, t.i[k], t.j[k], t.arenaView, (DlmHeader) t.y[k], (SctpInfo) t.z[k], t.pdu[k]));
                }
                case TCP_EVENT -> target.onTcpEvent((TcpEvent) t.x[k]);
                case DIAGNOSTIC -> target.onDiagnostic((Diagnostic) t.x[k]);
                case STAGE_EVENT -> target.onStageEvent((StageEvent) t.x[k]);
                case SINK_REPORT -> ((DiagnosticSink) t.x[k]).report((Diagnostic) t.y[k]);
                case END -> {
                    target.onEnd();
                    return true;
                }
                case STOP -> {
                    return true;
                }
                default -> throw new IllegalStateException("unknown event kind " + t.kind[k]);
            }
        }
        return false;
    }
}
