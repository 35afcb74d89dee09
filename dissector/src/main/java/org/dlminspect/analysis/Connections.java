package org.dlminspect.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dlminspect.Severity;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.memory.MemorySize;
import org.dlminspect.net.Endpoint;
import org.dlminspect.net.IpAddress;
import org.dlminspect.tcp.TcpConnection;

/**
 * Nodes, node pairs and the TCP connections that carry their traffic, each endpoint's socket separately: which
 * connection belongs to which pair, new connections (reconnects, parallel ones), runs of refused connects, and RSTs,
 * which reset the socket that receives them (a firewall may answer for a socket that stays alive). State is bounded:
 * pairs and connections beyond the limits are only counted. Decides {@code conn.reset}, {@code conn.refused},
 * {@code conn.parallel} and {@code analysis.limit} for pairs and connections.
 */
final class Connections {
    private static final StreamState EVICTED = new StreamState(null, null, null, null);

    record LinkKey(IpAddress low, IpAddress high) {
        // equals and hashCode written out, with the values the record's own would have (31 * h + each component's,
        // in order), so that the hash map keeps its order: the generated ones bootstrap a method-handle chain on the
        // first call (ObjectMethods: 15 classes spun, ~20 ms of start-up), then run it under C1 per lookup.
        @Override
        public boolean equals(Object o) {
            return o instanceof LinkKey k && java.util.Objects.equals(k.low, low) && java.util.Objects.equals(k.high, high);
        }

        @Override
        public int hashCode() {
            return 31 * java.util.Objects.hashCode(low) + java.util.Objects.hashCode(high);
        }
    }

    private final AnalysisContext ctx;
    private final ReceiverModel rx;
    private final AckModel acks;
    private final ConnectionStories stories;
    private final Map<IpAddress, Node> nodes = new HashMap<>();
    private final Map<LinkKey, Link> links = new HashMap<>();
    /** Pairs in order of their first traffic. */
    final List<Link> linkOrder = new ArrayList<>();
    /** Per TCP stream id; EVICTED for streams no longer (or never) analysed. Emptied at CLOSE: bounded by the reassembler's connections. */
    private final Map<Integer, StreamState> streams = new HashMap<>();
    private int liveStreams;
    private int nextEvictionAt;
    private boolean pairLimitReported;
    private boolean streamLimitReported;
    private boolean memoryReported;
    /** Connections with a later RST whose effect is not known yet (see {@link StreamState#pendingResetFrame}). */
    private final List<StreamState> pendingResets = new ArrayList<>();

    Connections(AnalysisContext ctx, ReceiverModel rx, AckModel acks, ConnectionStories stories) {
        this.ctx = ctx;
        this.rx = rx;
        this.acks = acks;
        this.stories = stories;
        this.nextEvictionAt = ctx.options().maxTrackedStreams();
    }

    /** The reassembler is done with stream {@code id} and never mentions it again: forget it. */
    void forget(int id) {
        StreamState gone = streams.remove(id);
        if (gone == null || gone == EVICTED) return;
        if (gone.pendingResetFrame >= 0) confirmReset(gone);
        if (gone.link != null) gone.clientFin = gone.serverFin = true;
        liveStreams--;
        ctx.memory().release(AnalysisCost.STREAM);
    }

    /** A node opens a connection: a pending RST towards it on another connection did reset that socket. */
    void opened(Endpoint opener) {
        if (!pendingResets.isEmpty()) confirmResetsOf(opener);
    }

    /**
     * Charges new state of {@code bytes}; when the memory budget is reached it is not kept (the pairs and
     * connections already analysed keep their history, which new state without history could not replace),
     * and the first time the analysis says what it no longer analyses.
     */
    private boolean admit(long bytes, long frame, long now, String what) {
        if (ctx.memory().charge(bytes)) return true;
        ctx.memory().release(bytes);
        if (!memoryReported) {
            memoryReported = true;
            ctx.report(null, FindingCode.ANALYSIS_LIMIT, Severity.WARN, frame, now, -1, new long[] {frame}, new long[0],
                    "memory budget of " + MemorySize.format(ctx.memory().budget().limit()) + " reached: " + what
                            + " only counted, not analysed (see --memory-budget)");
        }
        return false;
    }

    /** The end of the capture: pending RSTs took effect, refused runs are summarised. */
    void end() {
        for (StreamState st : new ArrayList<>(pendingResets)) confirmReset(st);
        for (Link l : linkOrder) flushRefused(l);
    }

    StreamState stream(TcpConnection c, long frame, long now) {
        int id = c.stream();
        if (id < 0) return null;
        StreamState s = streams.get(id);
        if (s == EVICTED) return null;
        if (s != null) return s;
        if (liveStreams >= nextEvictionAt) evictClosedStreams(frame, now);
        if (liveStreams >= ctx.options().maxTrackedStreams() || !admit(AnalysisCost.STREAM, frame, now, "TCP connection "
                + id + " (" + c.client() + " → " + c.server() + ") and further new connections are")) {
            streams.put(id, EVICTED); // memory bound: open connections beyond the limit are not analysed
            return null;
        }
        Link l = link(c.client().address(), c.server().address(), frame, now);
        Node client = l == null ? null : l.a.address.equals(c.client().address()) ? l.a : l.b;
        if (l == null) {
            s = new StreamState(c, null, null, null);
        } else {
            DirectionState c2s = l.a == l.b ? l.aToB : l.from(client);
            s = new StreamState(c, l, c2s, c2s.reverse);
            if (l.streams == 0 && c.sawSyn()) {
                l.aToB.startVisible = true;
                l.bToA.startVisible = true;
            }
            l.streams++;
            if (l.dataConnections > 0) {
                // another connection for a pair that already talked: the old one failed or is being replaced
                l.aToB.openWindow();
                l.bToA.openWindow();
            }
        }
        streams.put(id, s);
        liveStreams++;
        return s;
    }

    private void evictClosedStreams(long frame, long now) {
        int freed = 0;
        for (Map.Entry<Integer, StreamState> e : streams.entrySet()) {
            StreamState s = e.getValue();
            if (s != EVICTED && (s.link == null || s.closed())) {
                e.setValue(EVICTED);
                ctx.memory().release(AnalysisCost.STREAM);
                freed++;
            }
        }
        liveStreams -= freed;
        // scan again only after a good number of new connections, whatever this scan freed
        nextEvictionAt = Math.max(ctx.options().maxTrackedStreams(), liveStreams + Math.max(16, ctx.options().maxTrackedStreams() / 8));
        if (!streamLimitReported && liveStreams >= ctx.options().maxTrackedStreams()) {
            streamLimitReported = true;
            ctx.report(null, FindingCode.ANALYSIS_LIMIT, Severity.NOTE, frame, now, -1, new long[] {frame}, new long[0],
                    "more than " + ctx.options().maxTrackedStreams() + " TCP connections are open at once: traffic on"
                            + " further connections is only counted (raise maxTrackedStreams)");
        }
    }

    /** The state of TCP stream {@code id}, or null when unknown or forgotten. */
    StreamState streamState(int id) {
        StreamState s = streams.get(id);
        return s == EVICTED ? null : s;
    }

    private Node node(IpAddress address) {
        return nodes.computeIfAbsent(address, Node::new);
    }

    /** The pair's state; its nodes are made only with it, so addresses beyond the pair limit cost nothing. */
    private Link link(IpAddress xAddress, IpAddress yAddress, long frame, long now) {
        boolean xLow = xAddress.compareTo(yAddress) <= 0;
        LinkKey key = xLow ? new LinkKey(xAddress, yAddress) : new LinkKey(yAddress, xAddress);
        Link l = links.get(key);
        if (l != null) return l;
        if (links.size() < ctx.options().maxTrackedPairs() && !admit(AnalysisCost.PAIR, frame, now, "the node pair "
                + xAddress + " and " + yAddress + " and further new pairs are")) {
            return null;
        }
        if (links.size() >= ctx.options().maxTrackedPairs()) {
            if (!pairLimitReported) {
                pairLimitReported = true;
                ctx.report(null, FindingCode.ANALYSIS_LIMIT, Severity.NOTE, frame, now, -1, new long[] {frame},
                        new long[0], "more than " + ctx.options().maxTrackedPairs() + " node pairs: traffic between "
                                + xAddress + " and " + yAddress + " and any further pair is only counted"
                                + " (raise maxTrackedPairs)");
            }
            return null;
        }
        Node x = node(xAddress);
        Node y = node(yAddress);
        l = xLow ? new Link(x, y, ctx.options(), ctx.memory()) : new Link(y, x, ctx.options(), ctx.memory());
        links.put(key, l);
        linkOrder.add(l);
        return l;
    }

    void firstData(StreamState st, long frame, long now) {
        st.carriedData = true;
        Link l = st.link;
        l.dataConnections++;
        boolean reconnect = l.endedDataConnections > 0;
        if (reconnect) l.reconnects++;
        flushRefused(l);
        if (reconnect) stories.reconnected(l, st.clientToServer.sender, st.clientToServer.receiver, now);
        l.aliveData.removeIf(StreamState::closed);
        if (!l.aliveData.isEmpty() && !l.parallelReported) {
            l.parallelReported = true;
            StreamState other = l.aliveData.get(0);
            ctx.report(st.direction(true), FindingCode.CONN_PARALLEL, Severity.CHAT, frame, now, st.stream(),
                    new long[] {frame, other.connection.firstFrame()}, new long[0], "two TCP connections carry DLM"
                            + " traffic between " + l.a.label() + " and " + l.b.label() + " (stream "
                            + other.stream() + " and stream " + st.stream() + "): each node sends on the connection"
                            + " it opened and only receives on the one it accepted ('othercon'), normal when both"
                            + " connect at once; sequence numbers belong to the node pair, not to a connection");
        }
        l.aliveData.add(st);
    }

    void connectionEnded(StreamState st) {
        if (st.countedEnded || !st.carriedData) return;
        st.countedEnded = true;
        st.link.endedDataConnections++;
    }

    void onReset(StreamState st, boolean rstFromClient, long frame, long now) {
        if (st.dead) {
            // a later RST towards the other socket: judged once its node shows whether it reached it
            // (a newer RST towards the same socket answers something it sent again: the earlier one did not take)
            if (!st.socketReset(!rstFromClient) && st.carriedData
                    && (st.pendingResetFrame < 0 || st.pendingResetOfClient == !rstFromClient)) {
                if (st.pendingResetFrame < 0) pendingResets.add(st);
                st.pendingResetFrame = frame;
                st.pendingResetNanos = now;
                st.pendingResetOfClient = !rstFromClient;
            }
            return;
        }
        st.resetSocket(!rstFromClient);
        st.dead = true;
        st.deadFrame = frame;
        DirectionState fromRstSender = st.direction(rstFromClient);
        DirectionState towardRstSender = st.direction(!rstFromClient);
        Link l = st.link;
        if (!st.carriedData) {
            if (st.connection.sawSyn()) refusedAttempt(l, st, frame, now);
            l.aToB.openWindow();
            l.bToA.openWindow();
            return;
        }
        connectionEnded(st);
        long window = ctx.options().resetWindowNanos();
        long rejected = rx.undeliverOnReset(towardRstSender, st, now, window);
        acks.undoAckOnReset(fromRstSender, st, now, window);
        l.aToB.openWindow();
        l.bToA.openWindow();
        Node x = fromRstSender.sender;
        Node y = towardRstSender.sender;
        StringBuilder m = new StringBuilder();
        m.append("TCP ").append(st.describe()).append(" carrying DLM traffic between ").append(x.label())
                .append(" and ").append(y.label()).append(" is reset by ").append(x.label()).append(" (RST): ")
                .append(y.label()).append("'s kernel gets a socket error ('")
                .append(socketError(y, x, rstFromClient ? st.connection.client() : st.connection.server(), 104))
                .append("'), reconnects and retransmits its unacknowledged messages");
        if (rejected > 0) {
            long first = towardRstSender.expected;
            m.append("; ").append(Text.seqs(first, Seq.add(first, rejected - 1))).append(" from ").append(y.label())
                    .append(", sent just before, never reached ").append(x.label());
        }
        m.append("; unacknowledged now: ").append(unackedText(towardRstSender)).append(", ")
                .append(unackedText(fromRstSender));
        long[] seqs = rejected > 0
                ? new long[] {towardRstSender.expected, Seq.add(towardRstSender.expected, rejected - 1)} : new long[0];
        stories.reset(l, x, y, now);
        ctx.report(towardRstSender, FindingCode.CONN_RESET, Severity.NOTE, frame, now, st.stream(),
                new long[] {frame, st.connection.firstFrame()}, seqs, m.toString());
    }

    /** The pending RST of {@code st} reset its receiver's socket: its node did not send on the connection again. */
    void confirmReset(StreamState st) {
        if (st.pendingResetFrame < 0) return;
        long frame = st.pendingResetFrame;
        long now = st.pendingResetNanos;
        boolean ownerIsClient = st.pendingResetOfClient;
        st.pendingResetFrame = -1;
        pendingResets.remove(st);
        st.resetSocket(ownerIsClient);
        DirectionState fromOwner = st.direction(ownerIsClient);
        DirectionState toOwner = fromOwner.reverse;
        Link l = st.link;
        l.aToB.openWindow();
        l.bToA.openWindow();
        Endpoint peer = ownerIsClient ? st.connection.server() : st.connection.client();
        String m = toOwner.sender.label() + " answers " + fromOwner.sender.label() + " on TCP " + st.describe()
                + " with RST (frame " + FrameRef.text(frame) + "): " + fromOwner.sender.label() + "'s socket is reset (it sends"
                + " nothing more on that connection); its kernel logs '" + socketError(fromOwner.sender, toOwner.sender,
                        peer, 104) + "', reconnects and retransmits its unacknowledged messages; unacknowledged now: "
                + unackedText(fromOwner) + ", " + unackedText(toOwner);
        stories.reset(l, toOwner.sender, fromOwner.sender, now);
        ctx.report(fromOwner, FindingCode.CONN_RESET, Severity.NOTE, frame, now, st.stream(),
                new long[] {frame, st.connection.firstFrame()}, new long[0], m);
    }

    /** The kernel's line for a socket error (6.1: "node 1: socket error sending to node 2 at ..., dport ..., sk_err=..."). */
    static String socketError(Node self, Node peer, Endpoint peerEnd, int skErr) {
        return "node " + self.shortLabel() + ": socket error sending to node " + peer.shortLabel() + " at "
                + peerEnd.address() + ", dport " + peerEnd.port() + ", sk_err=" + skErr + "/0";
    }

    /** A node opens a new connection: a pending RST towards it on another connection did reset that socket. */
    void confirmResetsOf(Endpoint opener) {
        for (StreamState st : new ArrayList<>(pendingResets)) {
            Endpoint owner = st.pendingResetOfClient ? st.connection.client() : st.connection.server();
            if (owner.address().equals(opener.address())) confirmReset(st);
        }
    }

    private static String unackedText(DirectionState d) {
        long n = d.outstanding();
        String dir = d.sender.label() + " to " + d.receiver.label();
        if (n == 0) return "none from " + dir;
        long base = d.unackedBase();
        return Text.seqs(base, d.highestSent) + " from " + dir;
    }

    private void refusedAttempt(Link l, StreamState st, long frame, long now) {
        l.refusedConnects++;
        if (l.refusedRun == 0) {
            l.refusedFirstFrame = st.connection.firstFrame();
            l.refusedFirstNanos = st.connection.firstEpochNanos();
            l.refusedFirstStream = st.stream();
            l.refusedInitiator = st.clientToServer.sender;
            l.refusedPort = st.connection.server().port();
        }
        l.refusedRun++;
        l.refusedLastFrame = frame;
        l.refusedLastNanos = now;
    }

    private static int refusedPort(Link l) {
        return l.refusedPort;
    }

    void flushRefused(Link l) {
        if (l.refusedRun == 0) return;
        Node from = l.refusedInitiator;
        DirectionState d = l.from(from);
        ctx.report(d, FindingCode.CONN_REFUSED, Severity.NOTE, l.refusedFirstFrame, l.refusedFirstNanos,
                l.refusedFirstStream, new long[] {l.refusedFirstFrame, l.refusedLastFrame}, new long[0],
                Text.plural(l.refusedRun, "connection attempt", "connection attempts") + " of " + from.label()
                        + " to " + d.receiver.label() + " between frame " + FrameRef.text(l.refusedFirstFrame) + " and frame "
                        + FrameRef.text(l.refusedLastFrame) + " (" + Text.duration(l.refusedLastNanos - l.refusedFirstNanos)
                        + ") were refused with RST: the kernel logs 'node " + from.shortLabel() + ": socket error"
                        + " sending to node " + d.receiver.shortLabel() + " at " + d.receiver.address + ", dport "
                        + refusedPort(l) + ", sk_err=111/0' and 'connecting to " + d.receiver.shortLabel()
                        + "' each time and retries, with its messages queued and retransmitted once a"
                        + " connection holds");
        stories.refused(l, from, d.receiver, l.refusedRun, l.refusedFirstNanos, l.refusedLastNanos);
        l.refusedRun = 0;
    }
}
