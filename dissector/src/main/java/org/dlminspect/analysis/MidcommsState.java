package org.dlminspect.analysis;

/**
 * A node's midcomms state for one peer ({@code midcomms.c} {@code DLM_CLOSED} .. {@code DLM_CLOSING}),
 * driven by the DLM-level FIN handshake of reference §3.9.
 */
public enum MidcommsState {
    CLOSED(1),
    ESTABLISHED(2),
    FIN_WAIT1(3),
    FIN_WAIT2(4),
    CLOSE_WAIT(5),
    LAST_ACK(6),
    CLOSING(7);

    private final int kernelValue;

    MidcommsState(int kernelValue) {
        this.kernelValue = kernelValue;
    }

    /** The value the kernel prints in "unexpected state: %d". */
    public int kernelValue() {
        return kernelValue;
    }

    /** True once the node has sent its own FIN and not yet been reset. */
    public boolean sentFin() {
        return this == FIN_WAIT1 || this == FIN_WAIT2 || this == CLOSING || this == LAST_ACK;
    }
}
