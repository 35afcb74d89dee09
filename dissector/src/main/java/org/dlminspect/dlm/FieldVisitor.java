package org.dlminspect.dlm;

/**
 * Walks the decoded fields of a DLM message in wire order. One walk drives every renderer:
 * the {@code -V} tree (labels, offsets, sizes, meanings) and {@code --json} (keys, typed values).
 *
 * <p>{@code key} is the JSON key: the kernel field name without its prefix, snake_case
 * ({@code h_nodeid} -> {@code nodeid}, {@code rc_seq_reply} -> {@code seq_reply}); null for
 * list elements. {@code label} is the human label for the tree ("Lock ID"). {@code offset} is
 * relative to the start of the outermost message given to the decoder; {@code size} is in bytes.
 */
public interface FieldVisitor {

    /** How a numeric field is to be shown. */
    enum Kind {
        /** Unsigned decimal. */
        UNSIGNED,
        /** Signed decimal. */
        SIGNED,
        /** Shown in hex in the tree (lockspace ids, versions, rc_id); a plain number in JSON. */
        HEX,
        /** An enumeration; {@code meaning} is the constant's name (null when unknown). JSON: the name, or the number if unknown. */
        ENUM,
        /** A bit set; {@code meaning} is the set bits' names joined with "|" (unknown bits as 0x..). JSON: number plus {@code <key>_names} list. */
        FLAGS,
        /** A signed result/errno; {@code meaning} like "-EINPROGRESS" (null when unknown). JSON: number plus {@code <key>_name}. */
        ERRNO
    }

    void number(String key, String label, int offset, int size, long value, Kind kind, String meaning);

    /**
     * Raw bytes (resource names, LVBs, opaque buffers). {@code data[from, from+size)} holds them.
     * {@code name} is true when the bytes are a resource/lockspace name (shown as escaped text),
     * false for binary data (shown as hex).
     */
    void bytes(String key, String label, int offset, int size, byte[] data, int from, boolean name);

    /** Opens a nested group of fields (an encapsulated message, a payload struct, a list element). */
    void beginGroup(String key, String label, int offset, int size);

    void endGroup();

    /** Opens a list; its elements are groups or fields with a null key. */
    void beginList(String key, String label, int offset, int size);

    void endList();

    /** A problem with this message (also listed in {@link DlmPdu#errors()}). */
    void error(int offset, String message);

    /**
     * An oddity the kernel ignores (non-zero padding, unknown options …; also listed in {@link DlmPdu#notes()}).
     * Ignored unless overridden.
     */
    default void note(int offset, String message) {
    }
}
