package org.dlminspect.locks;

/**
 * The request/reply exchanges of DLM_MSG (reference §2.6), named by the request. A LOOKUP sent to a directory
 * node that is itself the master is answered by REQUEST_REPLY: that exchange is {@link #LOOKUP_REQUEST}.
 */
public enum Exchange {
    REQUEST(1, 5),
    CONVERT(2, 6),
    UNLOCK(3, 7),
    CANCEL(4, 8),
    LOOKUP(11, 13),
    /** LOOKUP answered by REQUEST_REPLY: the directory node was the master and treated it as a REQUEST. */
    LOOKUP_REQUEST(11, 5);

    private final int requestType;
    private final int replyType;

    Exchange(int requestType, int replyType) {
        this.requestType = requestType;
        this.replyType = replyType;
    }

    /** {@code m_type} of the request. */
    public int requestType() {
        return requestType;
    }

    /** {@code m_type} of the reply that ends it. */
    public int replyType() {
        return replyType;
    }

    /** How it is shown: {@code REQUEST}, or {@code LOOKUP>REQUEST_REPLY}. */
    public String label() {
        return this == LOOKUP_REQUEST ? "LOOKUP>REQUEST_REPLY" : name();
    }

    /** The exchange a request of {@code m_type} opens, or null for a type that expects no reply. */
    static Exchange ofRequest(int type) {
        return switch (type) {
            case 1 -> REQUEST;
            case 2 -> CONVERT;
            case 3 -> UNLOCK;
            case 4 -> CANCEL;
            case 11 -> LOOKUP;
            default -> null;
        };
    }
}
