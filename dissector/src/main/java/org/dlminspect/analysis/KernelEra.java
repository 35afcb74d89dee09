package org.dlminspect.analysis;

/**
 * Which midcomms ACK policy the receiving kernels follow (reference §3.6). It decides whether a run of
 * unacknowledged messages is normal.
 */
public enum KernelEra {
    /** Decide per direction from the observed ACK cadence; lenient until known. */
    AUTO,
    /** 5.14 .. 6.4: one ACK after every receive batch that delivered something. */
    UP_TO_6_4,
    /** 6.5 and later: ACK after 33 delivered messages (send path) or 257 (receive path). */
    FROM_6_5
}
