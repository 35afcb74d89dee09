package org.dlminspect.dlm;

/**
 * Results carried negated in {@code m_result}, {@code rl_result} and {@code rc_result} (reference §2.11.7).
 * EDEADLK, EBADR, EBADSLT, EPROTO, EOPNOTSUPP, ETIMEDOUT and EINPROGRESS are normalised on the wire by the
 * kernel; the others are in the sender's native numbering, shown here with the asm-generic/x86 values.
 * {@code DLM_EUNLOCK} (unlock done) and {@code DLM_ECANCEL} (cancel done) are DLM's own.
 */
public enum DlmErrno {
    EPERM(1),
    ENOENT(2),
    ESRCH(3),
    EINTR(4),
    EIO(5),
    ENXIO(6),
    E2BIG(7),
    ENOEXEC(8),
    EBADF(9),
    ECHILD(10),
    EAGAIN(11),
    ENOMEM(12),
    EACCES(13),
    EFAULT(14),
    ENOTBLK(15),
    EBUSY(16),
    EEXIST(17),
    EXDEV(18),
    ENODEV(19),
    ENOTDIR(20),
    EISDIR(21),
    EINVAL(22),
    ENFILE(23),
    EMFILE(24),
    ENOTTY(25),
    ETXTBSY(26),
    EFBIG(27),
    ENOSPC(28),
    ESPIPE(29),
    EROFS(30),
    EMLINK(31),
    EPIPE(32),
    EDOM(33),
    ERANGE(34),
    EDEADLK(35),
    ENAMETOOLONG(36),
    ENOLCK(37),
    ENOSYS(38),
    ENOTEMPTY(39),
    ELOOP(40),
    ENOMSG(42),
    EIDRM(43),
    EBADE(52),
    EBADR(53),
    EXFULL(54),
    ENOANO(55),
    EBADRQC(56),
    EBADSLT(57),
    ENODATA(61),
    ETIME(62),
    ENOLINK(67),
    EPROTO(71),
    EBADMSG(74),
    EOVERFLOW(75),
    ENOTSOCK(88),
    EOPNOTSUPP(95),
    ECONNABORTED(103),
    ECONNRESET(104),
    ENOBUFS(105),
    ENOTCONN(107),
    ESHUTDOWN(108),
    ETIMEDOUT(110),
    ECONNREFUSED(111),
    EHOSTDOWN(112),
    EHOSTUNREACH(113),
    EALREADY(114),
    EINPROGRESS(115),
    ECANCELED(125),
    DLM_ECANCEL(65537),
    DLM_EUNLOCK(65538);

    private final int errno;
    private final String wireName;

    DlmErrno(int errno) {
        this.errno = errno;
        this.wireName = "-" + name();
    }

    /** The positive errno number. */
    public int errno() {
        return errno;
    }

    /** The value as it appears on the wire (negative). */
    public int wireValue() {
        return -errno;
    }

    private static final DlmErrno[] SMALL = new DlmErrno[126];

    static {
        for (DlmErrno e : values()) {
            if (e.errno < SMALL.length) {
                SMALL[e.errno] = e;
            }
        }
    }

    /** @return the errno for a wire result (negative), or null for 0, positive or unknown values */
    public static DlmErrno fromWire(long result) {
        if (result >= 0 || result < -0x10002) {
            return null;
        }
        int e = (int) -result;
        if (e < SMALL.length) {
            return SMALL[e];
        }
        return e == 0x10001 ? DLM_ECANCEL : e == 0x10002 ? DLM_EUNLOCK : null;
    }

    /** "-EINPROGRESS" style name of a wire result, or null when 0, positive or unknown. */
    public static String nameOf(long result) {
        DlmErrno e = fromWire(result);
        return e == null ? null : e.wireName;
    }
}
