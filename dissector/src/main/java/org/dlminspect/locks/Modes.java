package org.dlminspect.locks;

import org.dlminspect.dlm.LockMode;

/** Lock mode rules of fs/dlm/lock.c that decide what the wire shows. */
final class Modes {
    /** __dlm_compat_matrix, NL..EX (IV excluded): true when both modes can be granted together. */
    private static final boolean[][] COMPATIBLE = {
            {true, true, true, true, true, true},
            {true, true, true, true, true, false},
            {true, true, true, false, false, false},
            {true, true, false, true, false, false},
            {true, true, false, false, false, false},
            {true, false, false, false, false, false},
    };

    private Modes() {
    }

    /**
     * down_conversion(): rqmode below grmode and not the PR/CW "middle" conversion. The master sends no
     * CONVERT_REPLY for it; the process node completes it itself (reference §2.6).
     */
    static boolean isDownConversion(int grmode, int rqmode) {
        boolean middle = (grmode == 3 && rqmode == 2) || (grmode == 2 && rqmode == 3);
        return !middle && rqmode < grmode;
    }

    /** Whether a lock granted {@code held} blocks a request for {@code wanted}. */
    static boolean blocks(int held, int wanted) {
        if (held < 0 || held > 5 || wanted < 0 || wanted > 5) return false;
        return !COMPATIBLE[held][wanted];
    }

    static String name(int mode) {
        String n = LockMode.nameOf(mode);
        return n != null ? n : Integer.toString(mode);
    }
}
