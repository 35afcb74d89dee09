package org.dlminspect.dlm;

/** The {@code rc_buf} of an unknown {@code rc_type}, undecoded. */
public record RcomRaw(byte[] bytes) implements RcomPayload {
}
