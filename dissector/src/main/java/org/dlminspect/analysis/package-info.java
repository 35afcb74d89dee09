/**
 * The midcomms analysis (protocol reference §3, anomalies §6): {@link org.dlminspect.analysis.MidcommsAnalyzer}
 * replays what each kernel did with each message and reports {@link org.dlminspect.analysis.Finding}s, grouped
 * into {@link org.dlminspect.analysis.Episode}s for the report's timeline.
 *
 * <h2>Parts, one job each</h2>
 * The analyzer only routes the pipeline's typed events (messages, TCP events, stage events such as framing lost
 * or the capture's time order) to the parts. Every part reports its findings as data to the
 * {@code FindingSink} (through {@code AnalysisContext}); none parses text back.
 * <table>
 * <caption>Where each finding is decided</caption>
 * <tr><th>finding code</th><th>decided in</th></tr>
 * <tr><td>{@code version.unknown}, {@code version.mismatch}, {@code version.undetected}, {@code cmd.unsupported},
 *     {@code nodeid.mismatch}, {@code opts.invalid}, {@code opts.inner_length}, {@code opts.nextcmd_mismatch},
 *     {@code opts.options}, {@code session.restart} (recovery RCOM during a FIN handshake)</td>
 *     <td>{@code MessageRules} (header checks; OPTS read through {@link org.dlminspect.dlm.DlmOptsHeader})</td></tr>
 * <tr><td>{@code session.restart} (seq back to 0), {@code session.no_restart}, {@code seq.retransmission},
 *     {@code seq.duplicate}</td><td>{@code SenderModel}</td></tr>
 * <tr><td>{@code seq.gap}, {@code seq.not_captured} (from bytes the capture lacks), {@code data.after_fin},
 *     {@code analysis.limit} (message ring)</td><td>{@code ReceiverModel}</td></tr>
 * <tr><td>{@code ack.duplicate}, {@code ack.regression}, {@code ack.unsent}, {@code ack.backlog},
 *     {@code ack.missing} (an ACK still expecting a delivered message), {@code seq.not_captured} (shown by an
 *     ACK)</td><td>{@code AckModel}</td></tr>
 * <tr><td>{@code fin.violation}, {@code fin.incomplete}</td><td>{@code FinHandshake}</td></tr>
 * <tr><td>{@code conn.reset}, {@code conn.refused}, {@code conn.parallel}, {@code analysis.limit} (pairs,
 *     connections)</td><td>{@code Connections} (per-socket TCP state in {@code StreamState})</td></tr>
 * <tr><td>{@code node.silent}</td><td>{@code NodeLiveness}</td></tr>
 * <tr><td>{@code ack.missing} (unacknowledged at the end), {@code capture.out_of_order}</td>
 *     <td>{@code CaptureEnd} (also the report's table and verdict)</td></tr>
 * <tr><td>{@code stream.desync}</td><td>{@code MidcommsAnalyzer} (the framer's typed
 *     {@link org.dlminspect.pipeline.FramingLost})</td></tr>
 * </table>
 * The state they share per direction of a node pair is {@code DirectionState}; per node pair {@code Link}; per TCP
 * connection {@code StreamState}; per node {@code Node} (with its {@code NodeLiveness.Activity}).
 */
package org.dlminspect.analysis;
