package org.dlminspect.fuzz;

import org.dlminspect.schema.Display;

import org.dlminspect.schema.FieldDef;

import java.nio.ByteBuffer;
import org.dlminspect.dlm.DlmIssue;
import org.dlminspect.dlm.DlmOpts;
import org.dlminspect.dlm.DlmPdu;
import org.dlminspect.dlm.DlmText;
import org.dlminspect.dlm.FieldVisitor;

/**
 * What must hold for any decoded DLM message, whatever its bytes: the decoder did not fail inside
 * (it turns its own exceptions into a "decoder failure" error), the field walk stays within the
 * captured bytes and is balanced, and every text a person sees is terminal safe.
 */
public final class DlmChecks {
    private DlmChecks() { }

    /** Checks {@code pdu}, decoded from the {@code present} bytes of {@code message} (for failure messages). */
    public static void check(DlmPdu pdu, int present, ByteBuffer message) {
        if (pdu == null) {
            throw new AssertionError("null decode of " + hex(message));
        }
        if (pdu.header() == null) {
            throw new AssertionError("decode without header of " + hex(message));
        }
        for (DlmPdu p = pdu; p != null; p = p instanceof DlmOpts o ? o.inner() : null) {
            if (p.captured() < 0 || p.offset() < 0 || p.offset() + p.captured() > present) {
                throw new AssertionError("message at " + p.offset() + " claims " + p.captured() + " of "
                        + present + " bytes: " + hex(message));
            }
            for (DlmIssue i : p.issues()) {
                if (i.message().startsWith("decoder failure")) {
                    throw new AssertionError(i.message() + " for " + hex(message));
                }
                if (i.offset() < 0 || i.severity() == null) {
                    throw new AssertionError("issue at " + i.offset() + ": " + i.message());
                }
                FuzzChecks.assertTerminalSafe("issue", i.message(), false);
            }
        }
        FuzzChecks.assertTerminalSafe("info", pdu.info(), false);
        for (String e : pdu.errors()) {
            FuzzChecks.assertTerminalSafe("error", e, false);
        }
        for (String n : pdu.notes()) {
            FuzzChecks.assertTerminalSafe("note", n, false);
        }
        BoundsVisitor v = new BoundsVisitor(pdu.captured(), message);
        pdu.accept(v);
        if (v.depth != 0) {
            throw new AssertionError("walk ends " + v.depth + " groups deep: " + hex(message));
        }
    }

    static String hex(ByteBuffer b) {
        if (b == null) {
            return "(null)";
        }
        StringBuilder sb = new StringBuilder();
        int n = Math.min(b.remaining(), 96);
        for (int i = 0; i < n; i++) {
            int v = b.get(b.position() + i) & 0xFF;
            sb.append(Character.forDigit(v >>> 4, 16)).append(Character.forDigit(v & 0xF, 16));
        }
        return sb.append(b.remaining() > n ? "… (" + b.remaining() + " bytes)" : "").toString();
    }

    /** Every reported range lies within the captured bytes; groups and lists close as often as they open. */
    private static final class BoundsVisitor implements FieldVisitor {
        private final int limit;
        private final ByteBuffer message;
        int depth;

        BoundsVisitor(int limit, ByteBuffer message) {
            this.limit = limit;
            this.message = message;
        }

        private void range(int offset, int size, String what) {
            if (offset < 0 || size < 0 || offset + size > limit) {
                throw new AssertionError(what + " at " + offset + "+" + size + " outside the " + limit
                        + " captured bytes: " + hex(message));
            }
        }

        private void label(String label) {
            if (label == null || label.isEmpty()) {
                throw new AssertionError("field without label: " + hex(message));
            }
            FuzzChecks.assertTerminalSafe("label", label, false);
        }

        @Override
        public void number(FieldDef field, String label, int offset, long value) {
            String key = field.jsonKey();
            int size = field.width();
            Display kind = field.display();
            String meaning = field.meaning(value);
            label(label);
            if (size != 1 && size != 2 && size != 4 && size != 8) {
                throw new AssertionError(key + " of size " + size);
            }
            range(offset, size, key);
            if (kind == null) {
                throw new AssertionError(key + " without kind");
            }
            if (meaning != null) {
                FuzzChecks.assertTerminalSafe("meaning of " + key, meaning, false);
            }
        }

        @Override
        public void bytes(FieldDef field, String label, int offset, int size, byte[] data, int from) {
            String key = field.jsonKey();
            boolean name = field.display() == Display.NAME;
            label(label);
            range(offset, size, key);
            if (size <= 0 || data == null || from < 0 || from + size > data.length) {
                throw new AssertionError(key + ": bytes [" + from + ", +" + size + ") of "
                        + (data == null ? "null" : data.length + " bytes"));
            }
            if (name) {
                FuzzChecks.assertTerminalSafe("name " + key, DlmText.escapeName(data, from, size), false);
            }
        }

        @Override
        public void beginGroup(String key, String label, int offset, int size) {
            label(label);
            range(offset, size, "group " + key);
            depth++;
        }

        @Override
        public void endGroup() {
            if (--depth < 0) {
                throw new AssertionError("endGroup without a group: " + hex(message));
            }
        }

        @Override
        public void beginList(String key, String label, int offset, int size) {
            label(label);
            range(offset, size, "list " + key);
            depth++;
        }

        @Override
        public void endList() {
            if (--depth < 0) {
                throw new AssertionError("endList without a list: " + hex(message));
            }
        }

        @Override
        public void error(int offset, String message) {
            if (offset < 0 || message == null) {
                throw new AssertionError("error at " + offset + ": " + message);
            }
            FuzzChecks.assertTerminalSafe("error", message, false);
        }

        @Override
        public void note(int offset, String message) {
            if (offset < 0 || message == null) {
                throw new AssertionError("note at " + offset + ": " + message);
            }
            FuzzChecks.assertTerminalSafe("note", message, false);
        }
    }
}
