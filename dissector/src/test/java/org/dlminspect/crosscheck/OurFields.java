package org.dlminspect.crosscheck;


import org.dlminspect.schema.FieldDef;

import java.util.ArrayList;
import java.util.List;
import org.dlminspect.dlm.DlmPdu;
import org.dlminspect.dlm.FieldVisitor;

/** Every field of one decoded message as (offset, size, key, value) for comparison with tshark. */
final class OurFields implements FieldVisitor {
    /** {@code number} is set for numeric fields, {@code hex} (wire bytes) for byte fields. */
    record Field(int offset, int size, FieldDef def, Long number, String hex) {
        /** The registered tshark name of this field, or null. */
        String tsharkName() {
            return def.tsharkName();
        }
    }

    final List<Field> fields = new ArrayList<>();

    static List<Field> of(DlmPdu pdu) {
        OurFields v = new OurFields();
        pdu.accept(v);
        return v.fields;
    }

    @Override
    public void number(FieldDef field, String label, int offset, long value) {
            int size = field.width();
        fields.add(new Field(offset, size, field, value, null));
    }

    @Override
    public void bytes(FieldDef field, String label, int offset, int size, byte[] data, int from) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + size; i++) sb.append(String.format("%02x", data[i] & 0xFF));
        fields.add(new Field(offset, size, field, null, sb.toString()));
    }

    @Override
    public void beginGroup(String key, String label, int offset, int size) { }

    @Override
    public void endGroup() { }

    @Override
    public void beginList(String key, String label, int offset, int size) { }

    @Override
    public void endList() { }

    @Override
    public void error(int offset, String message) { }
}
