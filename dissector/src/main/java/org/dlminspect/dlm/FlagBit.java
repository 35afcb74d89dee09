package org.dlminspect.dlm;

/**
 * A constant of a flag enum: one bit of a flag word on the wire ({@code DLM_LKF_*}, {@code DLM_SBF_*}, ...).
 * What every flag enum shares (describing a word, its set bits, its unknown bits, its value names for the
 * field registry) lives once in {@link FlagTable}, keyed by the enum's class.
 */
public interface FlagBit {
    /** The bit's value on the wire. */
    int bit();
}
