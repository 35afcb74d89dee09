/**
 * One capture per node: several captures of one cluster, each taken on one node, recognised by the TCP
 * segments they share (same 4-tuple, sequence number, length and bytes), aligned in time (each capture's
 * clock offset against a reference, from the minimum one-way delay in each direction, as NTP estimates it),
 * and merged so that every segment is analysed once, with what one capture saw and the other did not
 * ({@code net.lost}) and the one-way latency between the nodes.
 *
 * <p>{@link org.dlminspect.pernode.CaptureSurvey} is the first pass (which captures belong together, their
 * offsets, start and stop, who owns which address); {@link org.dlminspect.pernode.PerNodeMatcher} the second,
 * a frame stage in front of the Dissector that passes each segment on once.
 */
package org.dlminspect.pernode;
