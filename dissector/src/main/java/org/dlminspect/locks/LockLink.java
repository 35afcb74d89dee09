package org.dlminspect.locks;

/**
 * What the lock analysis links to one message, for {@code read}: the request a reply (or GRANT) answers and how
 * long after it came, the reply of a request (known only with a first pass), and the resource name for messages
 * that do not carry it.
 *
 * @param requestFrame  the frame of the request this message answers, 0 when none
 * @param responseFrame the frame of the reply to this request, 0 when none or not known
 * @param timeNanos     time since that request (for GRANT: since the request the master queued), -1 when none
 * @param exchange      the exchange it ends ({@code REQUEST}, ... or {@code GRANT}), null when none
 * @param resource      the resource name (escaped), null when unknown
 */
public record LockLink(long requestFrame, long responseFrame, long timeNanos, String exchange, String resource) {
    LockLink(long requestFrame, long timeNanos, String exchange, String resource) {
        this(requestFrame, 0, timeNanos, exchange, resource);
    }

    static LockLink resourceOnly(String resource) {
        return resource == null ? null : new LockLink(0, 0, -1, null, resource);
    }

    /** This link with the reply's frame added. */
    LockLink withResponse(long frame) {
        return new LockLink(requestFrame, frame, timeNanos, exchange, resource);
    }
}
