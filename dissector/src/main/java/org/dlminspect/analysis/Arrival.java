package org.dlminspect.analysis;

/**
 * What the capture says about how an OPTS reached the receiver's end.
 *
 * @param gapBefore   bytes of its direction were missing from the capture just before it
 * @param gapBytes    how many (0 when unknown)
 * @param deliverable false when it travels on a connection whose receiving socket was reset: it crossed the wire
 *                    but cannot reach the receiver
 */
record Arrival(boolean gapBefore, long gapBytes, boolean deliverable) { }
