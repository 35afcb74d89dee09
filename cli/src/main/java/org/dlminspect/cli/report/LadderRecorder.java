package org.dlminspect.cli.report;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.HeapCost;
import org.dlminspect.net.IpAddress;

/**
 * The messages around each finding, for the ladder diagrams: the last {@link #BEFORE} messages and TCP
 * events are kept in a ring; a finding about a frame still in the ring opens a window holding them and the
 * next {@link #AFTER}; later findings inside an open window extend it up to {@link #MAX_EVENTS}. At most
 * {@link #MAX_LADDERS} windows: a capture with thousands of findings gets its first ladders and a count of
 * the findings left without one. Findings reported at the end about long-gone frames get none either.
 */
final class LadderRecorder {
    static final int BEFORE = 12;
    static final int AFTER = 16;
    static final int MAX_EVENTS = 64;
    static final int MAX_LADDERS = 40;
    /** One event and its ring slot: the record, its shape, two addresses (shared), a deque node share. */
    static final long EVENT_COST = HeapCost.object(48) + HeapCost.object(40) + 2 * HeapCost.REFERENCE;

    /**
     * One arrow of a ladder.
     *
     * @param tcp "SYN", "FIN" or "RST" for a TCP event, null for a DLM message
     * @param shape the DLM message, null for a TCP event
     */
    record Event(long frame, long nanos, IpAddress from, IpAddress to, int stream, MessageShape shape, String tcp) { }

    /** The events of one ladder, in capture order. */
    static final class Window {
        final List<Event> events = new ArrayList<>();
        int remaining = AFTER;

        long firstNanos() {
            return events.get(0).nanos();
        }

        long lastNanos() {
            return events.get(events.size() - 1).nanos();
        }
    }

    private final Account account;
    private final ArrayDeque<Event> recent = new ArrayDeque<>(BEFORE + 1);
    private final List<Window> windows = new ArrayList<>();
    private long withoutLadder;
    private boolean full;

    LadderRecorder(Account account) {
        this.account = account;
    }

    void event(Event e) {
        if (recent.size() == BEFORE) {
            recent.removeFirst();
        } else if (!charge()) {
            return;
        }
        recent.addLast(e);
        Window open = openWindow();
        if (open != null && open.events.size() < MAX_EVENTS && charge()) {
            open.events.add(e);
            open.remaining--;
        }
    }

    /**
     * A finding about the frame seen at {@code nanos}, reported now. Matched by time, not frame number: with
     * several inputs frame references are not in capture order.
     */
    void finding(long nanos) {
        Window open = openWindow();
        if (open != null && nanos >= open.firstNanos()) {
            open.remaining = Math.max(open.remaining, Math.min(AFTER, MAX_EVENTS - open.events.size()));
            return;
        }
        Window last = windows.isEmpty() ? null : windows.get(windows.size() - 1);
        if (last != null && nanos >= last.firstNanos() && nanos <= last.lastNanos()) return;
        if (recent.isEmpty() || nanos < recent.peekFirst().nanos() || full || windows.size() == MAX_LADDERS) {
            withoutLadder++;
            return;
        }
        Window w = new Window();
        for (Event e : recent) {
            if (!charge()) break;
            w.events.add(e);
        }
        if (!w.events.isEmpty()) windows.add(w);
    }

    private Window openWindow() {
        if (windows.isEmpty()) return null;
        Window w = windows.get(windows.size() - 1);
        return w.remaining > 0 && w.events.size() < MAX_EVENTS ? w : null;
    }

    private boolean charge() {
        if (full) return false;
        if (account.charge(EVENT_COST)) return true;
        account.release(EVENT_COST);
        full = true; // the budget is exhausted: stop adding ladders rather than drop others' state
        return false;
    }

    List<Window> windows() {
        return windows;
    }

    /** Findings that got no ladder (too many, or reported after their frames left the ring). */
    long withoutLadder() {
        return withoutLadder;
    }
}
