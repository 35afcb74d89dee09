package org.dlminspect.locks;

import java.util.Locale;
import org.dlminspect.dlm.DlmMessageType;
import org.dlminspect.dlm.DlmText;

/** Small text helpers for findings. */
final class LockText {
    private LockText() {
    }

    /** Seconds with 6 decimals. */
    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.6f", nanos / 1e9);
    }

    static String name(int type) {
        String n = DlmMessageType.nameOf(type);
        return n != null ? n : "MSG type " + type;
    }

    static String reply(Exchange e) {
        return name(e.replyType());
    }

    /** A lock id as the kernel logs it (hex). */
    static String hex(int id) {
        return DlmText.hex(Integer.toUnsignedLong(id));
    }
}
