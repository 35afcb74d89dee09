package org.dlminspect.dlm;

import org.dlminspect.schema.FieldDef;

/**
 * Walks the decoded fields of a DLM message in wire order. One walk drives every renderer:
 * the {@code -V} tree, {@code --json}, {@code -T fields} and the display filter. Each field comes with its
 * registered {@link FieldDef} ({@link DlmFields}): name, JSON key, type, display and value names are there.
 *
 * <p>{@code label} is the tree label in this message (usually {@link FieldDef#label()}; some fields read
 * differently by message type, e.g. "Master node ID"). {@code offset} is relative to the start of the outermost
 * message given to the decoder. Group and list keys are JSON keys; a list element's key is null.
 */
public interface FieldVisitor {

    /**
     * Whether this visitor takes {@code field}: the walk skips the fields it does not (the display filter's
     * collector keeps a few of a message's thirty); issues still come where they would. Every field unless overridden.
     */
    default boolean wants(FieldDef field) {
        return true;
    }

    /** A numeric field of {@link FieldDef#width()} bytes; {@code value} is {@link FieldDef#normalise normalised}. */
    void number(FieldDef field, String label, int offset, long value);

    /** Raw bytes (resource names, LVBs, opaque buffers): {@code data[from, from+size)}. */
    void bytes(FieldDef field, String label, int offset, int size, byte[] data, int from);

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
