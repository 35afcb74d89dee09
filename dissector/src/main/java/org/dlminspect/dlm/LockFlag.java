package org.dlminspect.dlm;

/**
 * {@code DLM_LKF_*} lock flags ({@code m_exflags}, {@code rl_exflags}; reference §2.11.2). TIMEOUT is reserved since 6.4.
 */
public enum LockFlag implements FlagBit {
    NOQUEUE(0x1),
    CANCEL(0x2),
    CONVERT(0x4),
    VALBLK(0x8),
    QUECVT(0x10),
    IVVALBLK(0x20),
    CONVDEADLK(0x40),
    PERSISTENT(0x80),
    NODLCKWT(0x100),
    NODLCKBLK(0x200),
    EXPEDITE(0x400),
    NOQUEUEBAST(0x800),
    HEADQUE(0x1000),
    NOORDER(0x2000),
    ORPHAN(0x4000),
    ALTPR(0x8000),
    ALTCW(0x10000),
    FORCEUNLOCK(0x20000),
    TIMEOUT(0x40000);

    private final int bit;

    LockFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
