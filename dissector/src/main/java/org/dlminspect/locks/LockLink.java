package org.dlminspect.locks;

/**
 * What the lock analysis links to one message, for {@code read}: the request a reply (or GRANT) answers and how
 * long after it came, and the resource name for messages that do not carry it.
 *
 * @param requestFrame the frame of the request this message answers, 0 when none
 * @param timeNanos    time since that request (for GRANT: since the request the master queued), -1 when none
 * @param exchange     the exchange it ends ({@code REQUEST}, ... or {@code GRANT}), null when none
 * @param resource     the resource name (escaped), null when unknown
 */
public record LockLink(long requestFrame, long timeNanos, String exchange, String resource) {
    static LockLink resourceOnly(String resource) {
        return resource == null ? null : new LockLink(0, -1, null, resource);
    }
}
