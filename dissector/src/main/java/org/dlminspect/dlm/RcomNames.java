package org.dlminspect.dlm;

/**
 * RCOM NAMES request payload: the last name of the previous NAMES_REPLY chunk, raw; empty for the first chunk
 * (reference §2.8.5).
 */
public record RcomNames(byte[] lastName) implements RcomPayload {
}
