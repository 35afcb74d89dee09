package org.dlminspect.dlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Wire values and names of the constants (reference §2.11) and the text helpers. */
class DlmConstantsAndTextTest {

    @Test
    void messageTypes() {
        String[] names = {"REQUEST", "CONVERT", "UNLOCK", "CANCEL", "REQUEST_REPLY", "CONVERT_REPLY", "UNLOCK_REPLY",
            "CANCEL_REPLY", "GRANT", "BAST", "LOOKUP", "REMOVE", "LOOKUP_REPLY", "PURGE"};
        assertEquals(14, DlmMessageType.values().length);
        for (int i = 0; i < names.length; i++) {
            assertEquals(names[i], DlmMessageType.nameOf(i + 1));
            assertEquals(i + 1, DlmMessageType.valueOf(names[i]).wireValue());
        }
        assertNull(DlmMessageType.fromWire(0));
        assertNull(DlmMessageType.fromWire(15));
        assertNull(DlmMessageType.fromWire(-1));
        assertNull(DlmMessageType.fromWire(0x100000001L));
    }

    @Test
    void rcomTypes() {
        String[] names = {"STATUS", "NAMES", "LOOKUP", "LOCK", "STATUS_REPLY", "NAMES_REPLY", "LOOKUP_REPLY", "LOCK_REPLY"};
        assertEquals(8, RcomType.values().length);
        for (int i = 0; i < names.length; i++) {
            assertEquals(names[i], RcomType.nameOf(i + 1));
            assertEquals(i + 1, RcomType.valueOf(names[i]).wireValue());
        }
        assertNull(RcomType.fromWire(0));
        assertNull(RcomType.fromWire(9));
    }

    @Test
    void lockModesAndStatus() {
        String[] modes = {"IV", "NL", "CR", "CW", "PR", "PW", "EX"};
        for (int i = 0; i < modes.length; i++) {
            assertEquals(modes[i], LockMode.nameOf(i - 1));
            assertEquals(i - 1, LockMode.valueOf(modes[i]).wireValue());
        }
        assertNull(LockMode.fromWire(-2));
        assertNull(LockMode.fromWire(6));
        assertEquals(LockStatus.WAITING, LockStatus.fromWire(1));
        assertEquals(LockStatus.GRANTED, LockStatus.fromWire(2));
        assertEquals(LockStatus.CONVERT, LockStatus.fromWire(3));
        assertNull(LockStatus.fromWire(0));
        assertNull(LockStatus.fromWire(4));
    }

    @Test
    void lockFlags() {
        String[] names = {"NOQUEUE", "CANCEL", "CONVERT", "VALBLK", "QUECVT", "IVVALBLK", "CONVDEADLK", "PERSISTENT",
            "NODLCKWT", "NODLCKBLK", "EXPEDITE", "NOQUEUEBAST", "HEADQUE", "NOORDER", "ORPHAN", "ALTPR", "ALTCW",
            "FORCEUNLOCK", "TIMEOUT"};
        for (int i = 0; i < names.length; i++) {
            assertEquals(1 << i, LockFlag.valueOf(names[i]).bit(), names[i]);
            assertEquals(names[i], FlagTable.of(LockFlag.class).describe(1L << i));
        }
        assertEquals("NOQUEUE|VALBLK|0x80000", FlagTable.of(LockFlag.class).describe(0x80009));
        assertEquals(0x80000, FlagTable.of(LockFlag.class).unknownBits(0x80009));
        assertEquals(EnumSet.of(LockFlag.NOQUEUE, LockFlag.VALBLK), FlagTable.of(LockFlag.class).set(0x80009));
        assertEquals("", FlagTable.of(LockFlag.class).describe(0));
    }

    @Test
    void everyFlagWordOfTheRegistryTakesItsNamesFromTheOneSharedTable() {
        assertSame(FlagTable.of(LockFlag.class), FlagTable.of(LockFlag.class));
        assertSame(FlagTable.of(LockFlag.class).valueNames(), DlmFields.MSG_EXFLAGS.names());
        assertSame(FlagTable.of(StatusBlockFlag.class).valueNames(), DlmFields.MSG_SBFLAGS.names());
        assertSame(FlagTable.of(DistributedFlag.class).valueNames(), DlmFields.MSG_FLAGS.names());
        assertSame(FlagTable.of(AstFlag.class).valueNames(), DlmFields.MSG_ASTS.names());
        assertSame(FlagTable.of(LockspaceFlag.class).valueNames(), DlmFields.RF_LSFLAGS.names());
        assertSame(FlagTable.of(RcomStatusFlag.class).valueNames(), DlmFields.RS_FLAGS_WORD.names());
        assertSame(FlagTable.of(RecoveryStatus.class).valueNames(), DlmFields.RCOM_RECOVERY.names());
        assertEquals("VALBLK|QUECVT|0x80000000", DlmFields.MSG_EXFLAGS.meaning(0x80000018L));
        assertEquals(0x8L, DlmFields.MSG_EXFLAGS.names().valueOf("valblk"));
        assertEquals(0x80000000L, FlagTable.of(LockFlag.class).unknownBits(0x80000018L));
    }

    @Test
    void otherFlagSets() {
        assertEquals("DEMOTED|VALNOTVALID|ALTMODE", FlagTable.of(StatusBlockFlag.class).describe(7));
        assertEquals("0x8", FlagTable.of(StatusBlockFlag.class).describe(8));
        assertEquals("CAST|BAST", FlagTable.of(AstFlag.class).describe(3));
        assertEquals("NODES|NODES_ALL|DIR|DIR_ALL|LOCKS|LOCKS_ALL|DONE|DONE_ALL", FlagTable.of(RecoveryStatus.class).describe(0xff));
        assertEquals(0x20, RecoveryStatus.LOCKS_ALL.bit());
        assertEquals("NEED_SLOTS", FlagTable.of(RcomStatusFlag.class).describe(1));
        assertEquals("USER|ORPHAN", FlagTable.of(DistributedFlag.class).describe(3));
        assertEquals(0x10000, DistributedFlag.MSTCPY.bit());
        assertEquals(0x20000, DistributedFlag.RESEND.bit());
        assertEquals(0x40000, DistributedFlag.DEAD.bit());
        assertEquals(0x80000, DistributedFlag.OVERLAP_UNLOCK.bit());
        assertEquals(0x100000, DistributedFlag.OVERLAP_CANCEL.bit());
        assertEquals(0x200000, DistributedFlag.ENDOFLIFE.bit());
        assertEquals(0x400000, DistributedFlag.WATCH_TIMEWARN.bit());
        assertEquals(0x800000, DistributedFlag.TIMEOUT_CANCEL.bit());
        assertEquals(0x1000000, DistributedFlag.DEADLOCK_CANCEL.bit());
        assertEquals(0x1, LockspaceFlag.NODIR.bit());
        assertEquals(0x2, LockspaceFlag.TIMEWARN.bit());
        assertEquals(0x4, LockspaceFlag.FS.bit());
        assertEquals(0x8, LockspaceFlag.NEWEXCL.bit());
        assertEquals(0x10, LockspaceFlag.SOFTIRQ.bit());
    }

    @Test
    void errnos() {
        assertEquals("-EINPROGRESS", DlmErrno.nameOf(-115));
        assertEquals("-EAGAIN", DlmErrno.nameOf(-11));
        assertEquals("-EDEADLK", DlmErrno.nameOf(-35));
        assertEquals("-EBADR", DlmErrno.nameOf(-53));
        assertEquals("-ENOTBLK", DlmErrno.nameOf(-15));
        assertEquals("-EBUSY", DlmErrno.nameOf(-16));
        assertEquals("-ENOENT", DlmErrno.nameOf(-2));
        assertEquals("-EINVAL", DlmErrno.nameOf(-22));
        assertEquals("-ENOMEM", DlmErrno.nameOf(-12));
        assertEquals("-ESRCH", DlmErrno.nameOf(-3));
        assertEquals("-EBADSLT", DlmErrno.nameOf(-57));
        assertEquals("-EPROTO", DlmErrno.nameOf(-71));
        assertEquals("-EOPNOTSUPP", DlmErrno.nameOf(-95));
        assertEquals("-ETIMEDOUT", DlmErrno.nameOf(-110));
        assertEquals("-EEXIST", DlmErrno.nameOf(-17));
        assertEquals("-DLM_EUNLOCK", DlmErrno.nameOf(-65538));
        assertEquals("-DLM_ECANCEL", DlmErrno.nameOf(-65537));
        assertEquals(-0x10002, DlmErrno.DLM_EUNLOCK.wireValue());
        assertNull(DlmErrno.nameOf(0));
        assertNull(DlmErrno.nameOf(115));
        assertNull(DlmErrno.nameOf(-41));
        assertNull(DlmErrno.nameOf(-126));
        assertNull(DlmErrno.nameOf(-65539));
        assertNull(DlmErrno.nameOf(Integer.MIN_VALUE));
    }

    @Test
    void namesEnd() {
        assertEquals(0, NamesEnd.END_OF_CHUNK.wireValue());
        assertEquals(0xFFFF, NamesEnd.END_OF_LIST.wireValue());
        assertEquals("end_of_chunk", NamesEnd.END_OF_CHUNK.label());
        assertEquals("end_of_list", NamesEnd.END_OF_LIST.label());
    }

    @Test
    void escapeName() {
        byte[] b = {'h', 'o', 't', '0', '0', '1'};
        assertEquals("hot001", DlmText.escapeName(b, 0, 6));
        assertEquals("ot0", DlmText.escapeName(b, 1, 3));
        byte[] nasty = {0x1b, '[', '2', 'J', 0, 0x7f, (byte) 0x80, (byte) 0xff, '"', '\\', ' ', '~', '\n', '\r', 7};
        assertEquals("\\x1b[2J\\x00\\x7f\\x80\\xff\\x22\\x5c ~\\x0a\\x0d\\x07", DlmText.escapeName(nasty, 0, nasty.length));
        // out of range arguments are clamped, never thrown
        assertEquals("hot001", DlmText.escapeName(b, 0, 100));
        assertEquals("", DlmText.escapeName(b, 10, 3));
        assertEquals("hot", DlmText.escapeName(b, -5, 3));
        assertEquals("", DlmText.escapeName(b, 2, -1));
        assertEquals("", DlmText.escapeName(null, 0, 3));
        assertEquals("hot001", DlmText.escapeName(b));
    }

    @Test
    void hexHelpers() {
        assertEquals("0x0", DlmText.hex(0));
        assertEquals("0x1a", DlmText.hex(0x1a));
        assertEquals("0xffffffffffffffff", DlmText.hex(-1));
        assertEquals("0x00030002", DlmText.hex32(0x00030002));
        assertEquals("0xffffffff", DlmText.hex32(0xffffffffL));
    }

    @Test
    void commands() {
        assertEquals("MSG", DlmCommand.nameOf(1));
        assertEquals("FIN", DlmCommand.nameOf(5));
        assertEquals("6", DlmCommand.nameOf(6));
    }
}
