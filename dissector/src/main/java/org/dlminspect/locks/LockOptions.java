package org.dlminspect.locks;

import java.util.List;

/**
 * Settings of the lock analysis.
 *
 * @param slowNanos      a request or conversion waiting longer is a {@code lock.slow} note; one still waiting at the
 *                       end and older is a {@code lock.stuck} warning
 * @param top            how many slowest requests and resources to list
 * @param lockspaceNames candidate lockspace names ({@code NAME} hashed as dlm_controld does, or {@code NAME=ID})
 *                       tried besides the built-in ones
 */
public record LockOptions(long slowNanos, int top, List<String> lockspaceNames) {
    /** Replies to unknown locks within this time of the capture's start answer requests sent before it. */
    public static final long EDGE_NANOS = 10_000_000_000L;

    public LockOptions {
        if (slowNanos <= 0) throw new IllegalArgumentException("the slow threshold must be positive");
        if (top < 0) throw new IllegalArgumentException("top must not be negative");
        lockspaceNames = List.copyOf(lockspaceNames);
    }

    public static LockOptions defaults() {
        return new LockOptions(1_000_000_000L, 20, List.of());
    }
}
