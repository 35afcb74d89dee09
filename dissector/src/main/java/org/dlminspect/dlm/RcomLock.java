package org.dlminspect.dlm;

/**
 * {@code struct rcom_lock} (108 bytes) + optional LVB: the payload of RCOM LOCK and LOCK_REPLY (reference §2.8.4).
 * 32-bit unsigned fields are carried as their bit pattern in an {@code int}; the s8 fields are sign-extended,
 * except {@code asts} (a bit set, 0..255).
 *
 * @param status   {@code rl_status}: lock status {@link LockStatus} (1 waiting, 2 granted, 3 convert)
 * @param waitType {@code rl_wait_type}: the {@link DlmMessageType} awaited, 0 for none
 * @param namelen  {@code rl_namelen} as sent
 * @param name     the first {@code min(rl_namelen, 64)} bytes of the 64-byte {@code rl_name} (those present)
 * @param lvb      {@code rl_lvb}: the bytes after the struct (those present)
 */
public record RcomLock(int ownpid, int lkid, int remid, int parentLkid, int parentRemid, int exflags, int flags,
                       int lvbseq, int result, int rqmode, int grmode, int status, int asts, int waitType,
                       int namelen, byte[] name, byte[] lvb) implements RcomPayload {
    public static final int SIZE = 108;
    public static final int NAME_FIELD = 64;
}
