package org.dlminspect.dlm;

import java.util.ArrayList;
import java.util.List;
import org.dlminspect.schema.Display;
import org.dlminspect.schema.FieldContributor;
import org.dlminspect.schema.FieldDef;
import org.dlminspect.schema.FieldType;
import org.dlminspect.schema.ValueNames;

/**
 * Every field of a DLM message (reference §2), registered once: the decoder reads each at its offset and width,
 * {@link DlmWalk} visits them, and the renderers, the display filter and the test encoder take name, label,
 * display and JSON key from here. Offsets are within the structure the field belongs to: the message for the
 * header, {@code dlm_message}, {@code dlm_rcom} and {@code dlm_opts}; the payload struct for {@code rcom_status},
 * {@code rcom_config}, {@code rcom_slot}, {@code rcom_lock} and an option TLV.
 *
 * <p>The fields of a message inside an OPTS are the same fields: {@code dlm.msg.type} is a GRANT's type whether
 * the GRANT travels bare (3.1) or wrapped (3.2), as in tshark.
 */
public final class DlmFields implements FieldContributor {
    private static final String V = "3.1 3.2";
    private static final String V32 = "3.2";
    private static final List<FieldDef> ALL = new ArrayList<>();

    private static final ValueNames COMMANDS = ValueNames.ofEnum(DlmCommand.class, DlmCommand::wireValue);
    private static final ValueNames MODES = ValueNames.ofEnum(LockMode.class, LockMode::wireValue);
    private static final ValueNames MSG_TYPES = ValueNames.ofEnum(DlmMessageType.class, DlmMessageType::wireValue);
    private static final ValueNames RCOM_TYPES = ValueNames.ofEnum(RcomType.class, RcomType::wireValue);
    private static final ValueNames STATUSES = ValueNames.ofEnum(LockStatus.class, LockStatus::wireValue);
    private static final ValueNames ERRNOS = ValueNames.ofEnum(DlmErrno.class, DlmErrno::wireValue, DlmErrno::nameOf);
    private static final ValueNames LOCK_FLAGS = FlagTable.of(LockFlag.class).valueNames();
    private static final ValueNames SB_FLAGS = FlagTable.of(StatusBlockFlag.class).valueNames();
    private static final ValueNames DIST_FLAGS = FlagTable.of(DistributedFlag.class).valueNames();
    private static final ValueNames AST_FLAGS = FlagTable.of(AstFlag.class).valueNames();
    private static final ValueNames LS_FLAGS = FlagTable.of(LockspaceFlag.class).valueNames();
    private static final ValueNames RS_FLAGS = FlagTable.of(RcomStatusFlag.class).valueNames();
    private static final ValueNames RECOVERY = FlagTable.of(RecoveryStatus.class).valueNames();
    private static final ValueNames NAMES_END = ValueNames.ofLabels(NamesEnd.class, NamesEnd::wireValue, NamesEnd::label);
    private static final ValueNames VERSION = ValueNames.describedBy(v -> (v >>> 16) + "." + (v & 0xFFFF));

    // ------------------------------------------------------------------ struct dlm_header (§2.2)
    public static final FieldDef VERSION_WORD = add(u("dlm.version", "Version", 0, 4).hex().names(VERSION)
            .json("version").tshark("dlm3.h.version").versions(V).description("h_version: (major << 16) | minor"));
    public static final FieldDef LOCKSPACE = add(u("dlm.lockspace", "Lockspace ID", 4, 4).hex()
            .json("lockspace").tshark("dlm3.h.lockspac").versions(V).description("h_lockspace of a MSG, RCOM or FIN"));
    public static final FieldDef SEQ = add(u("dlm.seq", "Sequence number", 4, 4)
            .json("seq").tshark("dlm3.h.seq").versions(V32).description("h_seq: an OPTS's sequence number, an ACK's next expected"));
    public static final FieldDef NODEID = add(u("dlm.nodeid", "Sender node ID", 8, 4)
            .json("nodeid").tshark("dlm3.h.nodeid").versions(V).description("h_nodeid: the sender"));
    public static final FieldDef LENGTH = add(u("dlm.length", "Length", 12, 2)
            .json("length").tshark("dlm3.h.length").versions(V).description("h_length: the whole message with its header"));
    public static final FieldDef CMD = add(u("dlm.cmd", "Command", 14, 1).enumOf(COMMANDS)
            .json("cmd").tshark("dlm3.h.cmd").versions(V).description("h_cmd: MSG, RCOM, OPTS, ACK or FIN"));
    public static final FieldDef PAD = add(u("dlm.pad", "Padding", 15, 1)
            .json("pad").tshark("dlm3.h.pad").versions(V).description("h_pad"));

    // ------------------------------------------------------------------ struct dlm_message (§2.5)
    public static final FieldDef MSG_TYPE = add(u("dlm.msg.type", "Message type", 16, 4).enumOf(MSG_TYPES)
            .json("type").tshark("dlm3.m.type").versions(V).description("m_type: REQUEST, GRANT, BAST ..."));
    public static final FieldDef MSG_NODEID = add(s("dlm.msg.nodeid", "Lock node ID", 20, 4)
            .json("m_nodeid").tshark("dlm3.m.nodeid").versions(V).description("m_nodeid: lock node, master (LOOKUP_REPLY) or node to purge"));
    public static final FieldDef MSG_PID = add(u("dlm.msg.pid", "Process ID", 24, 4)
            .json("pid").tshark("dlm3.m.pid").versions(V).description("m_pid"));
    public static final FieldDef MSG_LKID = add(u("dlm.msg.lkid", "Lock ID (sender)", 28, 4).hex()
            .json("lkid").tshark("dlm3.m.lkid").versions(V).description("m_lkid: the sender's lock id"));
    public static final FieldDef MSG_REMID = add(u("dlm.msg.remid", "Remote lock ID (receiver)", 32, 4).hex()
            .json("remid").tshark("dlm3.m.remid").versions(V).description("m_remid: the receiver's lock id"));
    public static final FieldDef MSG_PARENT_LKID = add(u("dlm.msg.parent_lkid", "Parent lock ID", 36, 4).hex()
            .json("parent_lkid").tshark("dlm3.m.parent_lkid").versions(V).description("m_parent_lkid (never set by the kernel)"));
    public static final FieldDef MSG_PARENT_REMID = add(u("dlm.msg.parent_remid", "Parent remote lock ID", 40, 4).hex()
            .json("parent_remid").tshark("dlm3.m.parent_remid").versions(V).description("m_parent_remid (never set by the kernel)"));
    public static final FieldDef MSG_EXFLAGS = add(u("dlm.msg.exflags", "Lock flags", 44, 4).flags(LOCK_FLAGS)
            .json("exflags").tshark("dlm3.m.exflags").versions(V).description("m_exflags: DLM_LKF_* lock flags"));
    public static final FieldDef MSG_SBFLAGS = add(u("dlm.msg.sbflags", "Status block flags", 48, 4).flags(SB_FLAGS)
            .json("sbflags").tshark("dlm3.m.sbflags").versions(V).description("m_sbflags: DLM_SBF_* status block flags"));
    public static final FieldDef MSG_FLAGS = add(u("dlm.msg.flags", "Distributed flags", 52, 4).flags(DIST_FLAGS)
            .json("flags").tshark("dlm3.m.flags").versions(V).description("m_flags: DLM_IFL_* distributed flags"));
    public static final FieldDef MSG_LVBSEQ = add(u("dlm.msg.lvbseq", "LVB sequence number", 56, 4)
            .json("lvbseq").tshark("dlm3.m.lvbseq").versions(V).description("m_lvbseq"));
    public static final FieldDef MSG_HASH = add(u("dlm.msg.hash", "Resource name hash", 60, 4).hex()
            .json("hash").tshark("dlm3.m.hash").versions(V).description("m_hash"));
    public static final FieldDef MSG_STATUS = add(s("dlm.msg.status", "Lock status", 64, 4).enumOf(STATUSES)
            .json("status").tshark("dlm3.m.status").versions(V).description("m_status: WAITING, GRANTED, CONVERT"));
    public static final FieldDef MSG_GRMODE = add(s("dlm.msg.grmode", "Granted mode", 68, 4).enumOf(MODES)
            .json("grmode").tshark("dlm3.m.grmode").versions(V).description("m_grmode: IV, NL, CR, CW, PR, PW, EX"));
    public static final FieldDef MSG_RQMODE = add(s("dlm.msg.rqmode", "Requested mode", 72, 4).enumOf(MODES)
            .json("rqmode").tshark("dlm3.m.rqmode").versions(V).description("m_rqmode"));
    public static final FieldDef MSG_BASTMODE = add(s("dlm.msg.bastmode", "Blocking AST mode", 76, 4).enumOf(MODES)
            .json("bastmode").tshark("dlm3.m.bastmode").versions(V).description("m_bastmode"));
    public static final FieldDef MSG_ASTS = add(u("dlm.msg.asts", "AST types", 80, 4).flags(AST_FLAGS)
            .json("asts").tshark("dlm3.m.asts").versions(V).description("m_asts: DLM_CB_* callbacks"));
    public static final FieldDef MSG_RESULT = add(s("dlm.msg.result", "Result", 84, 4).errno(ERRNOS)
            .json("result").tshark("dlm3.m.result").versions(V).description("m_result: 0 or a negated errno"));
    public static final FieldDef MSG_NAME = add(name("dlm.msg.name", "Resource name", DlmMessage.SIZE)
            .json("name").tshark("dlm3.m.extra").versions(V).description("m_extra of REQUEST, LOOKUP, REMOVE: the resource name"));
    public static final FieldDef MSG_LVB = add(bytes("dlm.msg.lvb", "Lock value block", DlmMessage.SIZE)
            .json("lvb").tshark("dlm3.m.extra").versions(V).description("m_extra of CONVERT, UNLOCK, GRANT and replies: the LVB"));
    public static final FieldDef MSG_EXTRA = add(bytes("dlm.msg.extra", "Unexpected extra data", DlmMessage.SIZE)
            .json("extra").tshark("dlm3.m.extra").versions(V).description("m_extra of a type that carries none"));

    // ------------------------------------------------------------------ struct dlm_rcom (§2.7)
    public static final FieldDef RCOM_TYPE = add(u("dlm.rcom.type", "Recovery command type", 16, 4).enumOf(RCOM_TYPES)
            .json("type").tshark("dlm3.rc.type").versions(V).description("rc_type: STATUS, NAMES, LOOKUP, LOCK and replies"));
    public static final FieldDef RCOM_RESULT = add(s("dlm.rcom.result", "Result", 20, 4).errno(ERRNOS)
            .json("result").tshark("dlm3.rc.result").versions(V).description("rc_result: 0 or a negated errno"));
    public static final FieldDef RCOM_RECOVERY = add(u("dlm.rcom.recovery", "Recovery status", 20, 4).flags(RECOVERY)
            .json("result").tshark("dlm3.rc.result").versions(V).description("rc_result of STATUS_REPLY: DLM_RS_* bits"));
    public static final FieldDef RCOM_MASTER = add(u("dlm.rcom.master", "Master node ID", 20, 4)
            .json("result").tshark("dlm3.rc.result").versions(V).description("rc_result of LOOKUP_REPLY: the master's node id"));
    public static final FieldDef RCOM_ID = add(u("dlm.rcom.id", "Request ID", 24, 8).hex()
            .json("id").tshark("dlm3.rc.id").versions(V).description("rc_id (64-bit; RCOM LOCK: a kernel pointer)"));
    public static final FieldDef RCOM_SEQ = add(u("dlm.rcom.seq", "Recovery sequence", 32, 8)
            .json("seq").tshark("dlm3.rc.seq").versions(V).description("rc_seq (64-bit)"));
    public static final FieldDef RCOM_SEQ_REPLY = add(u("dlm.rcom.seq_reply", "Recovery sequence replied to", 40, 8)
            .json("seq_reply").tshark("dlm3.rc.seq_reply").versions(V).description("rc_seq_reply (64-bit)"));
    public static final FieldDef RCOM_NAME = add(name("dlm.rcom.name", "Resource name", DlmRcom.SIZE)
            .json("name").versions(V).description("rc_buf of LOOKUP (the name) and NAMES (the last name received)"));
    public static final FieldDef RCOM_BUF = add(bytes("dlm.rcom.buf", "Recovery data", DlmRcom.SIZE)
            .json("buf").versions(V).description("rc_buf of an unknown rc_type"));
    public static final FieldDef RCOM_EXTRA = add(bytes("dlm.rcom.extra", "Unexpected data", -1)
            .json("extra").versions(V).description("bytes after the payload that its type does not explain"));

    // ------------------------------------------------------------------ struct rcom_status (§2.8.1)
    public static final FieldDef RS_FLAGS_WORD = add(u("dlm.rcom.status.flags", "Status flags", 0, 4).flags(RS_FLAGS)
            .json("flags").tshark("dlm3.rs.flags").versions(V).description("rs_flags of STATUS"));
    public static final FieldDef RS_UNUSED1 = add(u("dlm.rcom.status.unused1", "Unused", 4, 4)
            .json("unused1").tshark("dlm3.rs.unused1").versions(V).description("rs_unused1"));
    public static final FieldDef RS_UNUSED2 = add(u("dlm.rcom.status.unused2", "Unused", 8, 8)
            .json("unused2").tshark("dlm3.rs.unused2").versions(V).description("rs_unused2 (64-bit)"));

    // ------------------------------------------------------------------ struct rcom_config (§2.8.2)
    public static final FieldDef RF_LVBLEN = add(u("dlm.rcom.config.lvblen", "LVB length", 0, 4)
            .json("lvblen").tshark("dlm3.rf.lvblen").versions(V).description("rf_lvblen (0xffffffff: lockspace not ready)"));
    public static final FieldDef RF_LSFLAGS = add(u("dlm.rcom.config.lsflags", "Lockspace flags", 4, 4).flags(LS_FLAGS)
            .json("lsflags").tshark("dlm3.rf.lsflags").versions(V).description("rf_lsflags: lockspace flags"));
    public static final FieldDef RF_FLAGS = add(u("dlm.rcom.config.flags", "Flags (unused)", 8, 4)
            .json("flags").versions(V).description("rf_flags"));
    public static final FieldDef RF_OUR_SLOT = add(u("dlm.rcom.config.our_slot", "Sender's slot", 12, 2)
            .json("our_slot").versions(V).description("rf_our_slot"));
    public static final FieldDef RF_NUM_SLOTS = add(u("dlm.rcom.config.num_slots", "Number of slots", 14, 2)
            .json("num_slots").versions(V).description("rf_num_slots"));
    public static final FieldDef RF_GENERATION = add(u("dlm.rcom.config.generation", "Generation", 16, 4)
            .json("generation").versions(V).description("rf_generation"));
    public static final FieldDef RF_UNUSED1 = add(u("dlm.rcom.config.unused1", "Unused", 20, 4)
            .json("unused1").versions(V).description("rf_unused1"));
    public static final FieldDef RF_UNUSED2 = add(u("dlm.rcom.config.unused2", "Unused", 24, 8)
            .json("unused2").versions(V).description("rf_unused2 (64-bit)"));

    // ------------------------------------------------------------------ struct rcom_slot (§2.8.3)
    public static final FieldDef RO_NODEID = add(u("dlm.rcom.slot.nodeid", "Node ID", 0, 4)
            .json("nodeid").versions(V).description("ro_nodeid of a slot table entry"));
    public static final FieldDef RO_SLOT = add(u("dlm.rcom.slot.slot", "Slot", 4, 2)
            .json("slot").versions(V).description("ro_slot (1-based)"));
    public static final FieldDef RO_UNUSED1 = add(u("dlm.rcom.slot.unused1", "Unused", 6, 2)
            .json("unused1").versions(V).description("ro_unused1"));
    public static final FieldDef RO_UNUSED2 = add(u("dlm.rcom.slot.unused2", "Unused", 8, 8)
            .json("unused2").versions(V).description("ro_unused2 (64-bit)"));

    // ------------------------------------------------------------------ struct rcom_lock (§2.8.4)
    public static final FieldDef RL_OWNPID = add(u("dlm.rcom.lock.ownpid", "Owner process ID", 0, 4)
            .json("ownpid").tshark("dlm3.rl.ownpid").versions(V).description("rl_ownpid"));
    public static final FieldDef RL_LKID = add(u("dlm.rcom.lock.lkid", "Lock ID (sender)", 4, 4).hex()
            .json("lkid").tshark("dlm3.rl.lkid").versions(V).description("rl_lkid"));
    public static final FieldDef RL_REMID = add(u("dlm.rcom.lock.remid", "Remote lock ID (new master)", 8, 4).hex()
            .json("remid").tshark("dlm3.rl.remid").versions(V).description("rl_remid"));
    public static final FieldDef RL_PARENT_LKID = add(u("dlm.rcom.lock.parent_lkid", "Parent lock ID", 12, 4).hex()
            .json("parent_lkid").tshark("dlm3.rl.parent_lkid").versions(V).description("rl_parent_lkid"));
    public static final FieldDef RL_PARENT_REMID = add(u("dlm.rcom.lock.parent_remid", "Parent remote lock ID", 16, 4).hex()
            .json("parent_remid").tshark("dlm3.rl.parent_remid").versions(V).description("rl_parent_remid"));
    public static final FieldDef RL_EXFLAGS = add(u("dlm.rcom.lock.exflags", "Lock flags", 20, 4).flags(LOCK_FLAGS)
            .json("exflags").tshark("dlm3.rl.exflags").versions(V).description("rl_exflags: DLM_LKF_* lock flags"));
    public static final FieldDef RL_FLAGS = add(u("dlm.rcom.lock.flags", "Distributed flags", 24, 4).flags(DIST_FLAGS)
            .json("flags").tshark("dlm3.rl.flags").versions(V).description("rl_flags: DLM_IFL_* distributed flags"));
    public static final FieldDef RL_LVBSEQ = add(u("dlm.rcom.lock.lvbseq", "LVB sequence number", 28, 4)
            .json("lvbseq").tshark("dlm3.rl.lvbseq").versions(V).description("rl_lvbseq"));
    public static final FieldDef RL_RESULT = add(s("dlm.rcom.lock.result", "Result", 32, 4).errno(ERRNOS)
            .json("result").tshark("dlm3.rl.result").versions(V).description("rl_result"));
    public static final FieldDef RL_RQMODE = add(s("dlm.rcom.lock.rqmode", "Requested mode", 36, 1).enumOf(MODES)
            .json("rqmode").tshark("dlm3.rl.rqmode").versions(V).description("rl_rqmode (s8)"));
    public static final FieldDef RL_GRMODE = add(s("dlm.rcom.lock.grmode", "Granted mode", 37, 1).enumOf(MODES)
            .json("grmode").tshark("dlm3.rl.grmode").versions(V).description("rl_grmode (s8)"));
    public static final FieldDef RL_STATUS = add(s("dlm.rcom.lock.status", "Lock status", 38, 1).enumOf(STATUSES)
            .json("status").tshark("dlm3.rl.status").versions(V).description("rl_status (s8)"));
    public static final FieldDef RL_ASTS = add(u("dlm.rcom.lock.asts", "AST types", 39, 1).flags(AST_FLAGS)
            .json("asts").tshark("dlm3.rl.asts").versions(V).description("rl_asts"));
    public static final FieldDef RL_WAIT_TYPE = add(u("dlm.rcom.lock.wait_type", "Awaited reply type", 40, 2).enumOf(MSG_TYPES)
            .json("wait_type").tshark("dlm3.rl.wait_type").versions(V).description("rl_wait_type: the message type awaited"));
    public static final FieldDef RL_NAMELEN = add(u("dlm.rcom.lock.namelen", "Name length", 42, 2)
            .json("namelen").tshark("dlm3.rl.namelen").versions(V).description("rl_namelen"));
    public static final FieldDef RL_NAME = add(name("dlm.rcom.lock.name", "Resource name", 44)
            .json("name").tshark("dlm3.rl.name_contents").versions(V).description("rl_name (rl_namelen bytes of it)"));
    public static final FieldDef RL_LVB = add(bytes("dlm.rcom.lock.lvb", "Lock value block", RcomLock.SIZE)
            .json("lvb").tshark("dlm3.rl.lvb").versions(V).description("rl_lvb"));

    // ------------------------------------------------------------------ NAMES_REPLY list (§2.8.5)
    public static final FieldDef NAMES_REPLY_NAME = add(name("dlm.rcom.names.name", "Resource name", -1)
            .versions(V).description("a resource name of a NAMES_REPLY list"));
    public static final FieldDef NAMES_END_MARK = add(u("dlm.rcom.names.end", "End of names", 0, 2).enumOf(NAMES_END)
            .json("names_end").versions(V).description("the NAMES_REPLY terminator: end_of_chunk or end_of_list"));

    // ------------------------------------------------------------------ struct dlm_opts (§2.9)
    public static final FieldDef OPTS_NEXTCMD = add(u("dlm.opts.nextcmd", "Next command", 16, 1).enumOf(COMMANDS)
            .json("nextcmd").tshark("dlm3.o.nextcmd").versions(V32).description("o_nextcmd: the inner message's h_cmd"));
    public static final FieldDef OPTS_PAD = add(u("dlm.opts.pad", "Padding", 17, 1)
            .json("opt_pad").tshark("dlm3.o.pad").versions(V32).description("o_pad"));
    public static final FieldDef OPTS_OPTLEN = add(u("dlm.opts.optlen", "Options length", 18, 2)
            .json("optlen").tshark("dlm3.o.optlen").versions(V32).description("o_optlen: bytes of options before the inner message"));
    public static final FieldDef OPTS_PAD2 = add(u("dlm.opts.pad2", "Padding", 20, 4)
            .json("opt_pad2").tshark("dlm3.o.pad2").versions(V32).description("o_pad2"));
    public static final FieldDef OPT_TYPE = add(u("dlm.opts.opt.type", "Option type", 0, 2)
            .json("type").tshark("dlm3.t.type").versions(V32).description("t_type of an option TLV"));
    public static final FieldDef OPT_LENGTH = add(u("dlm.opts.opt.length", "Option length", 2, 2)
            .json("length").tshark("dlm3.t.length").versions(V32).description("t_length of an option TLV"));
    public static final FieldDef OPT_PAD = add(u("dlm.opts.opt.pad", "Padding", 4, 4)
            .json("pad").tshark("dlm3.t.pad").versions(V32).description("t_pad of an option TLV"));
    public static final FieldDef OPT_VALUE = add(bytes("dlm.opts.opt.value", "Option value", OptTlv.HEADER_SIZE)
            .json("value").tshark("dlm3.t.value").versions(V32).description("the value of an option TLV"));
    public static final FieldDef OPTS_TRAILING = add(bytes("dlm.opts.trailing", "Data after the inner message", -1)
            .json("trailing").versions(V32).description("bytes inside the OPTS after the inner message's h_length"));

    // ------------------------------------------------------------------ ACK, FIN, unknown commands
    public static final FieldDef EXTRA = add(bytes("dlm.extra", "Unexpected data", DlmHeader.SIZE)
            .json("extra").versions(V32).description("bytes after the header of an ACK or FIN"));
    public static final FieldDef BODY = add(bytes("dlm.body", "Body", DlmHeader.SIZE)
            .json("body").versions(V).description("the bytes after the header of an unknown h_cmd"));

    /** Every DLM field, in wire order per structure. */
    public static List<FieldDef> all() {
        return List.copyOf(ALL);
    }

    @Override
    public List<FieldDef> fields() {
        return all();
    }

    private static FieldDef add(FieldDef.Builder b) {
        FieldDef f = b.build();
        ALL.add(f);
        return f;
    }

    private static FieldDef.Builder u(String name, String label, int offset, int width) {
        return FieldDef.builder(name, label, FieldType.UNSIGNED).at(offset, width);
    }

    private static FieldDef.Builder s(String name, String label, int offset, int width) {
        return FieldDef.builder(name, label, FieldType.SIGNED).at(offset, width);
    }

    private static FieldDef.Builder name(String name, String label, int offset) {
        return FieldDef.builder(name, label, FieldType.STRING).display(Display.NAME).at(offset, 0);
    }

    private static FieldDef.Builder bytes(String name, String label, int offset) {
        return FieldDef.builder(name, label, FieldType.BYTES).at(offset, 0);
    }
}
