/**
 * DLM message decoding (protocol reference §2): {@link org.dlminspect.dlm.DlmDecoder#decode} turns one message
 * into a {@link org.dlminspect.dlm.DlmPdu} record, checked the kernel's way (reference §6), and
 * {@link org.dlminspect.dlm.DlmPdu#accept} walks its fields in wire order for every renderer.
 *
 * <h2>Field keys of the walk (the JSON schema)</h2>
 * Keys are the kernel field names without their prefix; list elements have a null key.
 * <ul>
 * <li>Header (every message, and the {@code inner} group): {@code version, lockspace|seq, nodeid, length, cmd, pad}.
 *     {@code seq} for OPTS and ACK, {@code lockspace} otherwise (FIN: 0).</li>
 * <li>DLM_MSG: {@code type, m_nodeid, pid, lkid, remid, parent_lkid, parent_remid, exflags, sbflags, flags, lvbseq,
 *     hash, status, grmode, rqmode, bastmode, asts, result}, then {@code name} (REQUEST, LOOKUP, REMOVE),
 *     {@code lvb} (CONVERT, UNLOCK, REQUEST_REPLY, CONVERT_REPLY, GRANT) or {@code extra} (bytes a type should not
 *     carry, or any m_extra of an unknown type). {@code m_nodeid} keeps its prefix: {@code nodeid} is h_nodeid.</li>
 * <li>DLM_RCOM: {@code type, result, id, seq, seq_reply}, then by type:
 *     STATUS {@code rcom_status{flags, unused1, unused2}};
 *     STATUS_REPLY {@code rcom_config{lvblen, lsflags, flags, our_slot, num_slots, generation, unused1, unused2,
 *     slots[{nodeid, slot, unused1, unused2}]}};
 *     NAMES {@code name}; NAMES_REPLY {@code names[bytes]} and {@code names_end};
 *     LOOKUP {@code name}; LOOKUP_REPLY nothing;
 *     LOCK, LOCK_REPLY {@code rcom_lock{ownpid, lkid, remid, parent_lkid, parent_remid, exflags, flags, lvbseq,
 *     result, rqmode, grmode, status, asts, wait_type, namelen, name, lvb}};
 *     unknown types {@code buf}. Bytes after the payload that the type does not explain: {@code extra}.</li>
 * <li>DLM_OPTS: header, {@code nextcmd, opt_pad, optlen, opt_pad2, opts[{type, length, pad, value}]}, group
 *     {@code inner} (the inner message's own walk), and {@code trailing} (bytes between the inner message's end
 *     and the outer end, when the lengths disagree).</li>
 * <li>DLM_ACK, DLM_FIN: header, and {@code extra} for bytes beyond 16. Unknown command: header and {@code body}.</li>
 * </ul>
 * Fields the capture does not hold are not visited; byte fields are visited with the part captured; zero-length
 * byte fields and empty {@code opts} and {@code slots} lists are not visited ({@code names} always is).
 *
 * <p>Records hold their byte arrays without copying them again: do not modify them.
 */
package org.dlminspect.dlm;
