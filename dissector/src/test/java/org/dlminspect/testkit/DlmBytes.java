package org.dlminspect.testkit;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Builds DLM messages byte by byte to the layouts of the protocol reference (§2), for tests.
 * Every method returns the complete message; lengths are computed unless a test overrides them.
 */
public final class DlmBytes {
    public static final int V31 = 0x00030001;
    public static final int V32 = 0x00030002;
    public static final int LOCKSPACE = 0x4c41424c;

    private DlmBytes() { }

    public static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A 16-byte dlm_header written at the buffer's position. */
    public static void header(ByteBuffer b, int version, int union, int nodeid, int length, int cmd) {
        b.putInt(version).putInt(union).putInt(nodeid).putShort((short) length).put((byte) cmd).put((byte) 0);
    }

    /** Fields of struct dlm_message after the header, in wire order. */
    public record Msg(int type, int nodeid, int pid, int lkid, int remid, int parentLkid, int parentRemid,
                      int exflags, int sbflags, int flags, int lvbseq, int hash, int status,
                      int grmode, int rqmode, int bastmode, int asts, int result, byte[] extra) {
        public static Msg of(int type) {
            return new Msg(type, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, new byte[0]);
        }
        public Msg lkid(int v) { return new Msg(type, nodeid, pid, v, remid, parentLkid, parentRemid, exflags, sbflags, flags, lvbseq, hash, status, grmode, rqmode, bastmode, asts, result, extra); }
        public Msg remid(int v) { return new Msg(type, nodeid, pid, lkid, v, parentLkid, parentRemid, exflags, sbflags, flags, lvbseq, hash, status, grmode, rqmode, bastmode, asts, result, extra); }
        public Msg nodeid(int v) { return new Msg(type, v, pid, lkid, remid, parentLkid, parentRemid, exflags, sbflags, flags, lvbseq, hash, status, grmode, rqmode, bastmode, asts, result, extra); }
        public Msg pid(int v) { return new Msg(type, nodeid, v, lkid, remid, parentLkid, parentRemid, exflags, sbflags, flags, lvbseq, hash, status, grmode, rqmode, bastmode, asts, result, extra); }
        public Msg exflags(int v) { return new Msg(type, nodeid, pid, lkid, remid, parentLkid, parentRemid, v, sbflags, flags, lvbseq, hash, status, grmode, rqmode, bastmode, asts, result, extra); }
        public Msg sbflags(int v) { return new Msg(type, nodeid, pid, lkid, remid, parentLkid, parentRemid, exflags, v, flags, lvbseq, hash, status, grmode, rqmode, bastmode, asts, result, extra); }
        public Msg flags(int v) { return new Msg(type, nodeid, pid, lkid, remid, parentLkid, parentRemid, exflags, sbflags, v, lvbseq, hash, status, grmode, rqmode, bastmode, asts, result, extra); }
        public Msg lvbseq(int v) { return new Msg(type, nodeid, pid, lkid, remid, parentLkid, parentRemid, exflags, sbflags, flags, v, hash, status, grmode, rqmode, bastmode, asts, result, extra); }
        public Msg hash(int v) { return new Msg(type, nodeid, pid, lkid, remid, parentLkid, parentRemid, exflags, sbflags, flags, lvbseq, v, status, grmode, rqmode, bastmode, asts, result, extra); }
        public Msg status(int v) { return new Msg(type, nodeid, pid, lkid, remid, parentLkid, parentRemid, exflags, sbflags, flags, lvbseq, hash, v, grmode, rqmode, bastmode, asts, result, extra); }
        public Msg modes(int gr, int rq) { return new Msg(type, nodeid, pid, lkid, remid, parentLkid, parentRemid, exflags, sbflags, flags, lvbseq, hash, status, gr, rq, bastmode, asts, result, extra); }
        public Msg bastmode(int v) { return new Msg(type, nodeid, pid, lkid, remid, parentLkid, parentRemid, exflags, sbflags, flags, lvbseq, hash, status, grmode, rqmode, v, asts, result, extra); }
        public Msg asts(int v) { return new Msg(type, nodeid, pid, lkid, remid, parentLkid, parentRemid, exflags, sbflags, flags, lvbseq, hash, status, grmode, rqmode, bastmode, v, result, extra); }
        public Msg result(int v) { return new Msg(type, nodeid, pid, lkid, remid, parentLkid, parentRemid, exflags, sbflags, flags, lvbseq, hash, status, grmode, rqmode, bastmode, asts, v, extra); }
        public Msg extra(byte[] v) { return new Msg(type, nodeid, pid, lkid, remid, parentLkid, parentRemid, exflags, sbflags, flags, lvbseq, hash, status, grmode, rqmode, bastmode, asts, result, v); }
        public Msg name(String v) { return extra(v.getBytes(StandardCharsets.ISO_8859_1)); }
        public Msg parents(int lk, int rem) { return new Msg(type, nodeid, pid, lkid, remid, lk, rem, exflags, sbflags, flags, lvbseq, hash, status, grmode, rqmode, bastmode, asts, result, extra); }
    }

    /** A DLM_MSG (88 + extra bytes) with the given header version, lockspace and sender. */
    public static byte[] msg(int version, int lockspace, int nodeid, Msg m) {
        int len = 88 + m.extra().length;
        ByteBuffer b = le(len);
        header(b, version, lockspace, nodeid, len, 1);
        b.putInt(m.type()).putInt(m.nodeid()).putInt(m.pid()).putInt(m.lkid()).putInt(m.remid())
                .putInt(m.parentLkid()).putInt(m.parentRemid()).putInt(m.exflags()).putInt(m.sbflags())
                .putInt(m.flags()).putInt(m.lvbseq()).putInt(m.hash()).putInt(m.status()).putInt(m.grmode())
                .putInt(m.rqmode()).putInt(m.bastmode()).putInt(m.asts()).putInt(m.result()).put(m.extra());
        return b.array();
    }

    /** A DLM_RCOM (48 + buf bytes). */
    public static byte[] rcom(int version, int lockspace, int nodeid, int type, int result, long id, long seq, long seqReply, byte[] buf) {
        int len = 48 + buf.length;
        ByteBuffer b = le(len);
        header(b, version, lockspace, nodeid, len, 2);
        b.putInt(type).putInt(result).putLong(id).putLong(seq).putLong(seqReply).put(buf);
        return b.array();
    }

    /** rcom_status payload (16 bytes). */
    public static byte[] rcomStatus(int rsFlags) {
        return le(16).putInt(rsFlags).array();
    }

    /** rcom_config (32) followed by rcom_slot entries (16 each), slots given as nodeid,slot pairs. */
    public static byte[] rcomConfig(int lvblen, int lsflags, int ourSlot, int generation, int... nodeSlotPairs) {
        int n = nodeSlotPairs.length / 2;
        ByteBuffer b = le(32 + 16 * n);
        b.putInt(lvblen).putInt(lsflags).putInt(0).putShort((short) ourSlot).putShort((short) n)
                .putInt(generation).putInt(0).putLong(0);
        for (int i = 0; i < n; i++) {
            b.putInt(nodeSlotPairs[2 * i]).putShort((short) nodeSlotPairs[2 * i + 1]).putShort((short) 0).putLong(0);
        }
        return b.array();
    }

    /** rcom_lock (108) + lvb. */
    public static byte[] rcomLock(int ownpid, int lkid, int remid, int exflags, int flags, int lvbseq, int result,
                                  int rqmode, int grmode, int status, int asts, int waitType, String name, byte[] lvb) {
        byte[] nm = name.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = le(108 + lvb.length);
        b.putInt(ownpid).putInt(lkid).putInt(remid).putInt(0).putInt(0).putInt(exflags).putInt(flags).putInt(lvbseq)
                .putInt(result).put((byte) rqmode).put((byte) grmode).put((byte) status).put((byte) asts)
                .putShort((short) waitType).putShort((short) nm.length);
        b.put(nm, 0, Math.min(nm.length, 64));
        b.position(108);
        b.put(lvb);
        return b.array();
    }

    /** A NAMES_REPLY name list: big-endian be16 length records, then the terminator, padded to {@code padTo}. */
    public static byte[] namesList(int terminator, int padTo, String... names) {
        ByteBuffer b = ByteBuffer.allocate(Math.max(padTo, 2 + names.length * 66)).order(ByteOrder.BIG_ENDIAN);
        for (String n : names) {
            byte[] nm = n.getBytes(StandardCharsets.ISO_8859_1);
            b.putShort((short) nm.length).put(nm);
        }
        b.putShort((short) terminator);
        byte[] out = new byte[Math.max(padTo, b.position())];
        System.arraycopy(b.array(), 0, out, 0, b.position());
        return out;
    }

    /** DLM_OPTS wrapping {@code inner} with sequence number {@code seq}; nextcmd taken from the inner h_cmd. */
    public static byte[] opts(int nodeid, int seq, byte[] inner) {
        return opts(V32, nodeid, seq, inner[14] & 0xFF, new byte[0], inner);
    }

    /** DLM_OPTS with every field chosen by the caller. */
    public static byte[] opts(int version, int nodeid, int seq, int nextcmd, byte[] options, byte[] inner) {
        int len = 24 + options.length + inner.length;
        ByteBuffer b = le(len);
        header(b, version, seq, nodeid, len, 3);
        b.put((byte) nextcmd).put((byte) 0).putShort((short) options.length).putInt(0).put(options).put(inner);
        return b.array();
    }

    /** DLM_ACK: "I have everything below {@code nextExpected}". */
    public static byte[] ack(int nodeid, int nextExpected) {
        ByteBuffer b = le(16);
        header(b, V32, nextExpected, nodeid, 16, 4);
        return b.array();
    }

    /** The 16-byte inner FIN header (wrap it with {@link #opts(int, int, byte[])}). */
    public static byte[] finInner(int nodeid) {
        ByteBuffer b = le(16);
        header(b, V32, 0, nodeid, 16, 5);
        return b.array();
    }

    /** OPTS-wrapped FIN, 40 bytes. */
    public static byte[] fin(int nodeid, int seq) {
        return opts(nodeid, seq, finInner(nodeid));
    }

    /** A copy of {@code msg} with the little-endian 32-bit value at {@code offset} replaced. */
    public static byte[] patch32(byte[] msg, int offset, int value) {
        byte[] out = msg.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return out;
    }

    /** A copy of {@code msg} with the little-endian 16-bit value at {@code offset} replaced. */
    public static byte[] patch16(byte[] msg, int offset, int value) {
        byte[] out = msg.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putShort(offset, (short) value);
        return out;
    }

    /** A copy of {@code msg} with the byte at {@code offset} replaced. */
    public static byte[] patch8(byte[] msg, int offset, int value) {
        byte[] out = msg.clone();
        out[offset] = (byte) value;
        return out;
    }

    /** Concatenates messages into one stream chunk. */
    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) { System.arraycopy(p, 0, out, o, p.length); o += p.length; }
        return out;
    }
}
