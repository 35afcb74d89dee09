package org.dlminspect.testkit;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dlminspect.dlm.DlmFields;
import org.dlminspect.schema.FieldDef;

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

    /**
     * Writes {@code value} into {@code b} as field {@code f} of the structure starting at {@code struct}: at the
     * field's registered offset, in its registered width, little-endian. The encoder takes layout from the
     * registry, as the decoder does, so a test cannot agree with a wrong offset by repeating it.
     */
    public static void put(ByteBuffer b, int struct, FieldDef f, long value) {
        int at = struct + f.offset();
        switch (f.width()) {
            case 1 -> b.put(at, (byte) value);
            case 2 -> b.putShort(at, (short) value);
            case 4 -> b.putInt(at, (int) value);
            case 8 -> b.putLong(at, value);
            default -> throw new IllegalArgumentException(f + " has no fixed width");
        }
    }

    /** A 16-byte dlm_header written at the buffer's position. */
    public static void header(ByteBuffer b, int version, int union, int nodeid, int length, int cmd) {
        int s = b.position();
        put(b, s, DlmFields.VERSION_WORD, version);
        put(b, s, DlmFields.LOCKSPACE, union);
        put(b, s, DlmFields.NODEID, nodeid);
        put(b, s, DlmFields.LENGTH, length);
        put(b, s, DlmFields.CMD, cmd);
        put(b, s, DlmFields.PAD, 0);
        b.position(s + 16);
    }

    /**
     * The fields of struct dlm_message after the header, by registered field ({@link DlmFields}): all 0 unless
     * set; {@code extra} is m_extra.
     */
    public static final class Msg {
        private final Map<FieldDef, Long> values = new LinkedHashMap<>();
        private byte[] extra = new byte[0];

        private Msg() { }

        public static Msg of(int type) {
            return new Msg().set(DlmFields.MSG_TYPE, type);
        }

        /** Sets any dlm_message field (e.g. {@code DlmFields.MSG_HASH}). */
        public Msg set(FieldDef f, long v) {
            values.put(f, v);
            return this;
        }

        public Msg lkid(int v) { return set(DlmFields.MSG_LKID, v); }
        public Msg remid(int v) { return set(DlmFields.MSG_REMID, v); }
        public Msg nodeid(int v) { return set(DlmFields.MSG_NODEID, v); }
        public Msg pid(int v) { return set(DlmFields.MSG_PID, v); }
        public Msg exflags(int v) { return set(DlmFields.MSG_EXFLAGS, v); }
        public Msg sbflags(int v) { return set(DlmFields.MSG_SBFLAGS, v); }
        public Msg flags(int v) { return set(DlmFields.MSG_FLAGS, v); }
        public Msg lvbseq(int v) { return set(DlmFields.MSG_LVBSEQ, v); }
        public Msg hash(int v) { return set(DlmFields.MSG_HASH, v); }
        public Msg status(int v) { return set(DlmFields.MSG_STATUS, v); }
        public Msg modes(int gr, int rq) { return set(DlmFields.MSG_GRMODE, gr).set(DlmFields.MSG_RQMODE, rq); }
        public Msg bastmode(int v) { return set(DlmFields.MSG_BASTMODE, v); }
        public Msg asts(int v) { return set(DlmFields.MSG_ASTS, v); }
        public Msg result(int v) { return set(DlmFields.MSG_RESULT, v); }
        public Msg parents(int lk, int rem) { return set(DlmFields.MSG_PARENT_LKID, lk).set(DlmFields.MSG_PARENT_REMID, rem); }

        public Msg extra(byte[] v) {
            extra = v.clone();
            return this;
        }

        public Msg name(String v) { return extra(v.getBytes(StandardCharsets.ISO_8859_1)); }

        public byte[] extra() {
            return extra.clone();
        }
    }

    /** A DLM_MSG (88 + extra bytes) with the given header version, lockspace and sender. */
    public static byte[] msg(int version, int lockspace, int nodeid, Msg m) {
        int len = 88 + m.extra.length;
        ByteBuffer b = le(len);
        header(b, version, lockspace, nodeid, len, 1);
        m.values.forEach((f, v) -> put(b, 0, f, v));
        b.position(88);
        b.put(m.extra);
        return b.array();
    }

    /** A DLM_RCOM (48 + buf bytes). */
    public static byte[] rcom(int version, int lockspace, int nodeid, int type, int result, long id, long seq, long seqReply, byte[] buf) {
        int len = 48 + buf.length;
        ByteBuffer b = le(len);
        header(b, version, lockspace, nodeid, len, 2);
        put(b, 0, DlmFields.RCOM_TYPE, type);
        put(b, 0, DlmFields.RCOM_RESULT, result);
        put(b, 0, DlmFields.RCOM_ID, id);
        put(b, 0, DlmFields.RCOM_SEQ, seq);
        put(b, 0, DlmFields.RCOM_SEQ_REPLY, seqReply);
        b.position(48);
        b.put(buf);
        return b.array();
    }

    /** rcom_status payload (16 bytes). */
    public static byte[] rcomStatus(int rsFlags) {
        ByteBuffer b = le(16);
        put(b, 0, DlmFields.RS_FLAGS_WORD, rsFlags);
        return b.array();
    }

    /** rcom_config (32) followed by rcom_slot entries (16 each), slots given as nodeid,slot pairs. */
    public static byte[] rcomConfig(int lvblen, int lsflags, int ourSlot, int generation, int... nodeSlotPairs) {
        int n = nodeSlotPairs.length / 2;
        ByteBuffer b = le(32 + 16 * n);
        put(b, 0, DlmFields.RF_LVBLEN, lvblen);
        put(b, 0, DlmFields.RF_LSFLAGS, lsflags);
        put(b, 0, DlmFields.RF_OUR_SLOT, ourSlot);
        put(b, 0, DlmFields.RF_NUM_SLOTS, n);
        put(b, 0, DlmFields.RF_GENERATION, generation);
        for (int i = 0; i < n; i++) {
            put(b, 32 + 16 * i, DlmFields.RO_NODEID, nodeSlotPairs[2 * i]);
            put(b, 32 + 16 * i, DlmFields.RO_SLOT, nodeSlotPairs[2 * i + 1]);
        }
        return b.array();
    }

    /** rcom_lock (108) + lvb. */
    public static byte[] rcomLock(int ownpid, int lkid, int remid, int exflags, int flags, int lvbseq, int result,
                                  int rqmode, int grmode, int status, int asts, int waitType, String name, byte[] lvb) {
        byte[] nm = name.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = le(108 + lvb.length);
        put(b, 0, DlmFields.RL_OWNPID, ownpid);
        put(b, 0, DlmFields.RL_LKID, lkid);
        put(b, 0, DlmFields.RL_REMID, remid);
        put(b, 0, DlmFields.RL_EXFLAGS, exflags);
        put(b, 0, DlmFields.RL_FLAGS, flags);
        put(b, 0, DlmFields.RL_LVBSEQ, lvbseq);
        put(b, 0, DlmFields.RL_RESULT, result);
        put(b, 0, DlmFields.RL_RQMODE, rqmode);
        put(b, 0, DlmFields.RL_GRMODE, grmode);
        put(b, 0, DlmFields.RL_STATUS, status);
        put(b, 0, DlmFields.RL_ASTS, asts);
        put(b, 0, DlmFields.RL_WAIT_TYPE, waitType);
        put(b, 0, DlmFields.RL_NAMELEN, nm.length);
        b.position(DlmFields.RL_NAME.offset());
        b.put(nm, 0, Math.min(nm.length, 64));
        b.position(DlmFields.RL_LVB.offset());
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
        put(b, 0, DlmFields.OPTS_NEXTCMD, nextcmd);
        put(b, 0, DlmFields.OPTS_OPTLEN, options.length);
        b.position(24);
        b.put(options).put(inner);
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
