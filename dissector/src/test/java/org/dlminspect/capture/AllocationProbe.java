package org.dlminspect.capture;

import java.lang.management.ManagementFactory;

/** Bytes allocated by the current thread, to check that hot loops allocate nothing. */
public final class AllocationProbe {
    private AllocationProbe() { }

    public static long currentThreadAllocatedBytes() {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return bean.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
