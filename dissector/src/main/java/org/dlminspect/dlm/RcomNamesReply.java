package org.dlminspect.dlm;

import java.util.List;

/**
 * RCOM NAMES_REPLY payload: records of {@code [be16 namelen][name]} (big-endian: the only big-endian field in
 * DLM), ended by 0x0000 (end of chunk) or 0xFFFF (end of list), then zero padding (reference §2.8.5).
 *
 * @param names      the names, in wire order (the last one may be partial when the capture is truncated)
 * @param end        the terminator, or null when none was found (truncated capture or corrupt list)
 * @param listLength bytes from the start of {@code rc_buf} through the terminator (or through the last record read)
 */
public record RcomNamesReply(List<byte[]> names, NamesEnd end, int listLength) implements RcomPayload {
    /** Largest name length the requester accepts. */
    public static final int MAX_NAME = 64;
}
