package org.dlminspect.crosscheck;

import java.util.ArrayList;
import java.util.List;
import org.dlminspect.dlm.DlmPdu;
import org.dlminspect.dlm.FieldVisitor;

/** Every field of one decoded message as (offset, size, key, value) for comparison with tshark. */
final class OurFields implements FieldVisitor {
    /** {@code number} is set for numeric fields, {@code hex} (wire bytes) for byte fields. */
    record Field(int offset, int size, String key, Long number, String hex) { }

    final List<Field> fields = new ArrayList<>();

    static List<Field> of(DlmPdu pdu) {
        OurFields v = new OurFields();
        pdu.accept(v);
        return v.fields;
    }

    @Override
    public void number(String key, String label, int offset, int size, long value, Kind kind, String meaning) {
        fields.add(new Field(offset, size, key, value, null));
    }

    @Override
    public void bytes(String key, String label, int offset, int size, byte[] data, int from, boolean name) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + size; i++) sb.append(String.format("%02x", data[i] & 0xFF));
        fields.add(new Field(offset, size, key, null, sb.toString()));
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
