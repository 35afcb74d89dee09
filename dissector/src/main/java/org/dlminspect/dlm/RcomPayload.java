package org.dlminspect.dlm;

/**
 * The decoded {@code rc_buf} of a DLM_RCOM, by {@code rc_type} (reference §2.7, §2.8). Fields the capture
 * does not hold read as 0 / empty.
 */
public sealed interface RcomPayload
        permits RcomStatus, RcomConfig, RcomNames, RcomNamesReply, RcomLookup, RcomLock, RcomEmpty, RcomRaw {
}
