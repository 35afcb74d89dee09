package org.dlminspect.analysis;

/**
 * A structurally valid OPTS as sequence handling sees it.
 *
 * @param seq      its sequence number
 * @param fin      it wraps a DLM_FIN
 * @param hash     {@link MessageHash} of its captured bytes
 * @param complete all {@code h_length} bytes are captured (so the hash compares contents)
 * @param stream   the connection it travelled on
 * @param frame    the frame that completed it
 * @param nanos    that frame's time
 */
record SeqMessage(long seq, boolean fin, long hash, boolean complete, StreamState stream, long frame, long nanos) { }
