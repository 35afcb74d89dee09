package org.dlminspect.locks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dlminspect.memory.MemoryBudget;
import org.dlminspect.testkit.Captures;
import org.dlminspect.testkit.DlmBytes;
import org.dlminspect.testkit.TcpSession;
import org.dlminspect.testkit.TcpSession.Side;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;

/**
 * Builds a small real capture of DLM traffic between nodes (node N is 10.99.0.N; the lower node id listens on
 * 21064), every message wrapped in OPTS with its own sequence number per node pair, one message per frame,
 * 0.1 ms apart unless {@link #pause}d, and runs the lock analysis over it.
 */
final class LockWire {
    static final int LS = DlmBytes.LOCKSPACE;
    static final int EINPROGRESS = -115;
    static final int EUNLOCK = -65538;
    static final int ECANCEL = -65537;

    private final TcpSession session = new TcpSession().step(100_000L);
    private final Map<Long, TcpSession.Connection> connections = new HashMap<>();
    private final Map<Long, Integer> seqs = new HashMap<>();
    private final List<Long> frames = new ArrayList<>();
    private final Map<Long, byte[]> lastOpts = new HashMap<>();
    private int frameCount;
    final List<LockLink> links = new ArrayList<>();

    private TcpSession.Connection connection(int a, int b) {
        int low = Math.min(a, b);
        int high = Math.max(a, b);
        long key = (long) low << 32 | high;
        return connections.computeIfAbsent(key, k -> {
            TcpSession.Connection c = session.connection("10.99.0." + high, 40000 + high * 10 + low, "10.99.0." + low, 21064);
            c.handshake();
            frameCount += 3;
            return c;
        });
    }

    /** Sends {@code inner} (a DLM_MSG or DLM_RCOM) from node {@code from} to node {@code to}; returns its frame. */
    long send(int from, int to, byte[] inner) {
        TcpSession.Connection c = connection(from, to);
        long pair = (long) from << 32 | to;
        int seq = seqs.merge(pair, 1, Integer::sum) - 1;
        byte[] opts = DlmBytes.opts(from, seq, inner);
        lastOpts.put(pair, opts);
        c.send(from < to ? Side.SERVER : Side.CLIENT, opts);
        frameCount++;
        frames.add((long) frameCount);
        return frameCount;
    }

    /** Sends the last OPTS from {@code from} to {@code to} again, byte for byte (a midcomms retransmission). */
    long retransmitLast(int from, int to) {
        TcpSession.Connection c = connection(from, to);
        c.send(from < to ? Side.SERVER : Side.CLIENT, lastOpts.get((long) from << 32 | to));
        return ++frameCount;
    }

    long msg(int from, int to, DlmBytes.Msg m) {
        return send(from, to, DlmBytes.msg(DlmBytes.V32, LS, from, m));
    }

    long rcom(int from, int to, int type, int result, long id, long seq, long seqReply, byte[] buf) {
        return send(from, to, DlmBytes.rcom(DlmBytes.V32, LS, from, type, result, id, seq, seqReply, buf));
    }

    LockWire pause(double ms) {
        session.pause((long) (ms * 1_000_000));
        return this;
    }

    // ------------------------------------------------------------------ lock messages as the kernel builds them

    /** REQUEST from the process node: m_lkid = its lock id, m_remid 0, m_nodeid = the master. */
    long request(int from, int master, int lkid, int rqmode, String name) {
        return msg(from, master, DlmBytes.Msg.of(1).nodeid(master).lkid(lkid).modes(-1, rqmode).name(name));
    }

    long lookup(int from, int dir, int lkid, int rqmode, String name) {
        return msg(from, dir, DlmBytes.Msg.of(11).lkid(lkid).modes(-1, rqmode).name(name));
    }

    long lookupReply(int dir, int to, int lkid, int master) {
        return msg(dir, to, DlmBytes.Msg.of(13).nodeid(master).lkid(lkid));
    }

    /** A reply of {@code type} from the master: m_lkid = the master's id, m_remid = the requester's. */
    long reply(int master, int to, int type, int masterLkid, int lkid, int result) {
        return msg(master, to, DlmBytes.Msg.of(type).nodeid(to).lkid(masterLkid).remid(lkid).result(result));
    }

    long convert(int from, int master, int lkid, int masterLkid, int grmode, int rqmode) {
        return msg(from, master, DlmBytes.Msg.of(2).nodeid(master).lkid(lkid).remid(masterLkid).modes(grmode, rqmode));
    }

    long unlock(int from, int master, int lkid, int masterLkid) {
        return msg(from, master, DlmBytes.Msg.of(3).nodeid(master).lkid(lkid).remid(masterLkid));
    }

    long cancel(int from, int master, int lkid, int masterLkid) {
        return msg(from, master, DlmBytes.Msg.of(4).nodeid(master).lkid(lkid).remid(masterLkid));
    }

    long grant(int master, int to, int masterLkid, int lkid, int grmode) {
        return msg(master, to, DlmBytes.Msg.of(9).nodeid(to).lkid(masterLkid).remid(lkid).modes(grmode, grmode));
    }

    long bast(int master, int to, int masterLkid, int lkid, int bastmode) {
        return msg(master, to, DlmBytes.Msg.of(10).nodeid(to).lkid(masterLkid).remid(lkid).bastmode(bastmode));
    }

    // ------------------------------------------------------------------ running

    LockReport run() throws IOException {
        return run(LockOptions.defaults(), MemoryBudget.unlimited());
    }

    LockReport run(LockOptions options, MemoryBudget budget) throws IOException {
        return run(options, budget, null);
    }

    /** Runs the analysis; {@code findings} hears each finding as it is made (may be null). */
    LockReport run(LockOptions options, MemoryBudget budget, java.util.function.Consumer<org.dlminspect.analysis.Finding> findings)
            throws IOException {
        LockTracker t = new LockTracker(options, budget.account("locks"), findings);
        org.dlminspect.pipeline.DissectionListener recorder = new org.dlminspect.pipeline.DissectionListener() {
            @Override
            public void onMessage(org.dlminspect.pipeline.DissectedMessage m) {
                t.onMessage(m);
                links.add(t.lastLink());
            }

            @Override
            public void onFrame(org.dlminspect.capture.CaptureFrame f) {
                t.onFrame(f);
            }

            @Override
            public void onEnd() {
                t.onEnd();
            }
        };
        try (var r = Captures.open(session.pcap(), "locks.pcap", d -> { })) {
            new Dissector(DissectorOptions.defaults(), recorder).run(r);
        }
        return t.report();
    }
}
