/**
 * SCTP (RFC 9260) as DLM uses it (configfs {@code cluster/protocol=1}): the common header and its CRC32c,
 * the chunks, associations identified by ports and verification tags (so that every address pair of a
 * multi-homed association belongs to it), and per-direction reassembly of DATA chunks in TSN order into the
 * user messages that carry DLM messages.
 */
package org.dlminspect.sctp;
