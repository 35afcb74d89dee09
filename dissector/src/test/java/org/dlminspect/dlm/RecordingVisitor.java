package org.dlminspect.dlm;

import org.dlminspect.schema.Display;

import org.dlminspect.schema.FieldDef;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records a {@link FieldVisitor} walk. Every field gets a dotted path: group and list keys, list elements as
 * {@code [i]} ("rcom_config.slots[1].nodeid", "names[0]", "inner.lkid").
 */
final class RecordingVisitor implements FieldVisitor {
    /** One visited field (number or bytes). */
    record Field(String path, String key, String label, int offset, int size, long value, Display kind, String meaning,
                 byte[] bytes, boolean name) {
        boolean isBytes() {
            return bytes != null;
        }
    }

    record Container(String path, boolean list, int offset, int size) { }

    record Issue(int offset, String message) { }

    private static final class Frame {
        final String path;
        final boolean list;
        int next;

        Frame(String path, boolean list) {
            this.path = path;
            this.list = list;
        }
    }

    final List<Field> fields = new ArrayList<>();
    final Map<String, Field> byPath = new LinkedHashMap<>();
    final List<Container> containers = new ArrayList<>();
    final List<Issue> errors = new ArrayList<>();
    final List<Issue> notes = new ArrayList<>();
    /** Everything in order, for checking where issues were reported: "field:path", "error:msg", "note:msg". */
    final List<String> sequence = new ArrayList<>();
    private final Deque<Frame> stack = new ArrayDeque<>();

    static RecordingVisitor walk(DlmPdu pdu) {
        RecordingVisitor r = new RecordingVisitor();
        pdu.accept(r);
        assertTrue(r.stack.isEmpty(), "unbalanced begin/end");
        return r;
    }

    private String pathOf(String key) {
        Frame top = stack.peek();
        String prefix = top == null ? "" : top.path;
        if (top != null && top.list) {
            assertEquals(null, key, "list elements have a null key (in " + top.path + ")");
            return prefix + "[" + (top.next++) + "]";
        }
        assertNotNull(key, "only list elements may have a null key (at " + prefix + ")");
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    @Override
    public void number(FieldDef field, String label, int offset, long value) {
            String key = field.jsonKey();
            int size = field.width();
            Display kind = field.display();
            String meaning = field.meaning(value);
        String path = pathOf(key);
        add(new Field(path, key, label, offset, size, value, kind, meaning, null, false));
    }

    @Override
    public void bytes(FieldDef field, String label, int offset, int size, byte[] data, int from) {
            String key = field.jsonKey();
            boolean name = field.display() == Display.NAME;
        String path = pathOf(key);
        add(new Field(path, key, label, offset, size, 0, null, null, Arrays.copyOfRange(data, from, from + size), name));
    }

    private void add(Field f) {
        assertNotNull(f.label(), "label of " + f.path());
        if (byPath.put(f.path(), f) != null) {
            fail("field visited twice: " + f.path());
        }
        fields.add(f);
        sequence.add("field:" + f.path());
    }

    @Override
    public void beginGroup(String key, String label, int offset, int size) {
        String path = pathOf(key);
        containers.add(new Container(path, false, offset, size));
        stack.push(new Frame(path, false));
    }

    @Override
    public void endGroup() {
        Frame f = stack.pop();
        assertTrue(!f.list, "endGroup closes a list");
    }

    @Override
    public void beginList(String key, String label, int offset, int size) {
        String path = pathOf(key);
        containers.add(new Container(path, true, offset, size));
        stack.push(new Frame(path, true));
    }

    @Override
    public void endList() {
        Frame f = stack.pop();
        assertTrue(f.list, "endList closes a group");
    }

    @Override
    public void error(int offset, String message) {
        errors.add(new Issue(offset, message));
        sequence.add("error:" + message);
    }

    @Override
    public void note(int offset, String message) {
        notes.add(new Issue(offset, message));
        sequence.add("note:" + message);
    }

    Field field(String path) {
        Field f = byPath.get(path);
        assertNotNull(f, "no field " + path + " in " + byPath.keySet());
        return f;
    }

    boolean has(String path) {
        return byPath.containsKey(path);
    }

    Container container(String path) {
        for (Container c : containers) {
            if (c.path().equals(path)) {
                return c;
            }
        }
        fail("no group/list " + path);
        return null;
    }

    List<String> paths() {
        return new ArrayList<>(byPath.keySet());
    }

    /** Asserts a numeric field's place and value. */
    Field num(String path, int offset, int size, long value) {
        Field f = field(path);
        assertEquals(offset, f.offset(), path + " offset");
        assertEquals(size, f.size(), path + " size");
        assertEquals(value, f.value(), path + " value");
        return f;
    }

    /** Asserts a numeric field's place, value, kind and meaning. */
    Field num(String path, int offset, int size, long value, Display kind, String meaning) {
        Field f = num(path, offset, size, value);
        assertEquals(kind, f.kind(), path + " kind");
        assertEquals(meaning, f.meaning(), path + " meaning");
        return f;
    }

    /** Asserts a bytes field's place and content. */
    Field bytes(String path, int offset, byte[] expected, boolean name) {
        Field f = field(path);
        assertEquals(offset, f.offset(), path + " offset");
        assertEquals(expected.length, f.size(), path + " size");
        assertTrue(f.isBytes(), path + " is bytes");
        assertEquals(name, f.name(), path + " name flag");
        assertEquals(Arrays.toString(expected), Arrays.toString(f.bytes()), path + " bytes");
        return f;
    }

    /** The fields visited in order are contiguous (each starts where the previous ended) from {@code from} to {@code to}. */
    void assertContiguous(int from, int to) {
        int at = from;
        for (Field f : fields) {
            assertEquals(at, f.offset(), "field " + f.path() + " does not start where the previous ended");
            at += f.size();
        }
        assertEquals(to, at, "fields end");
    }
}
