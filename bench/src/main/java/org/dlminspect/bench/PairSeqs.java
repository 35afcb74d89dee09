package org.dlminspect.bench;

/**
 * The midcomms sequence numbers one node sends to another, over all the connections between them (a
 * reconnect continues the same seqs, protocol reference §3): how far a copy of the capture moves them on.
 */
final class PairSeqs {
    private long first = -1;
    private long span;
    private boolean lastIsFin;

    void opts(int seq, boolean fin) {
        long v = seq & 0xFFFFFFFFL;
        if (first < 0) first = v;
        long rel = (v - first) & 0xFFFFFFFFL;
        if (rel < (1L << 31)) span = Math.max(span, rel + 1);
        lastIsFin = fin;
    }

    /**
     * By how much the next copy moves the seqs on: by the seqs used, or not at all when the session ended
     * with the FIN handshake, after which both nodes start again at seq 0.
     */
    long advance() {
        return lastIsFin ? 0 : span;
    }
}
