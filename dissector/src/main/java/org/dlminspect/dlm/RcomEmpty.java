package org.dlminspect.dlm;

/** No payload: LOOKUP_REPLY, or a STATUS / STATUS_REPLY whose {@code rc_buf} is empty. */
public record RcomEmpty() implements RcomPayload {
    public static final RcomEmpty INSTANCE = new RcomEmpty();
}
