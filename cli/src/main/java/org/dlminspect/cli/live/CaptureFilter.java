package org.dlminspect.cli.live;

import java.util.Collection;

/**
 * The BPF expression of a live capture: TCP to or from the DLM port(s), narrowed further by the
 * user's own expression. The kernel then hands over only DLM traffic, which keeps a busy
 * interface from overflowing the capture buffer with packets the dissector would skip anyway.
 */
public final class CaptureFilter {
    private CaptureFilter() { }

    /**
     * @param ports      DLM TCP ports, at least one
     * @param userFilter extra BPF expression ({@code -f}), or null
     */
    public static String expression(Collection<Integer> ports, String userFilter) {
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("no DLM port");
        }
        StringBuilder sb = new StringBuilder("tcp ");
        if (ports.size() == 1) {
            sb.append("port ").append(ports.iterator().next());
        } else {
            sb.append("and (");
            boolean first = true;
            for (int p : ports) {
                if (!first) {
                    sb.append(" or ");
                }
                sb.append("port ").append(p);
                first = false;
            }
            sb.append(')');
        }
        if (userFilter != null && !userFilter.isBlank()) {
            // Parenthesised, so that "host a or host b" cannot escape the port condition.
            sb.append(" and (").append(userFilter.strip()).append(')');
        }
        return sb.toString();
    }
}
