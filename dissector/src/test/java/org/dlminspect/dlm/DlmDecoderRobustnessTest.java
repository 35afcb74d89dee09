package org.dlminspect.dlm;

import org.dlminspect.schema.Display;

import org.dlminspect.schema.FieldDef;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.dlminspect.testkit.DlmBytes;
import org.junit.jupiter.api.Test;

/**
 * The decoder never throws and never reads or reports outside the bytes it was given, whatever the input:
 * every prefix and thousands of seeded random mutations of valid messages, and random garbage.
 */
class DlmDecoderRobustnessTest {
    private static final int[] INTERESTING = {0, 1, 2, 8, 14, 15, 16, 17, 23, 24, 25, 40, 47, 48, 49, 63, 64, 79, 80,
        87, 88, 89, 100, 155, 156, 157, 4072, 4095, 4096, 4097, 32768, 65535};

    static List<byte[]> seeds() {
        List<byte[]> out = new ArrayList<>();
        DlmTruncationTest.messages().forEach(a -> out.add((byte[]) a.get()[1]));
        out.add(DlmBytes.rcom(DlmBytes.V32, 1, 1, 9, 0, 1, 1, 0, Bytes.seq(20, 1)));
        out.add(DlmBytes.opts(DlmBytes.V32, 1, 1, 2, Bytes.seq(24, 3),
                DlmBytes.rcom(DlmBytes.V32, 1, 1, 6, 0, 1, 1, 1, DlmBytes.namesList(0, 200, "a", "bcd", "efgh"))));
        out.add(DlmBytes.opts(DlmBytes.V32, 1, 1, 3, new byte[0], DlmBytes.fin(1, 2)));
        return out;
    }

    @Test
    void everyPrefixOfEverySeed() {
        int cases = 0;
        for (byte[] seed : seeds()) {
            for (int n = 0; n <= seed.length; n++) {
                check(Arrays.copyOf(seed, n));
                cases++;
            }
        }
        assertTrue(cases > 4000, "cases " + cases);
    }

    @Test
    void randomMutationsOfValidMessages() {
        Random rnd = new Random(0x444c4dL);
        int cases = 0;
        for (byte[] seed : seeds()) {
            for (int i = 0; i < 800; i++) {
                byte[] b = seed.clone();
                int flips = 1 + rnd.nextInt(6);
                for (int f = 0; f < flips; f++) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
                if (rnd.nextInt(3) == 0) {
                    int[] lengthFields = {12, 18, 36, 24 + 12, 48 + 14, 48 + 42};
                    int at = lengthFields[rnd.nextInt(lengthFields.length)];
                    if (at + 2 <= b.length) {
                        int value = rnd.nextBoolean() ? INTERESTING[rnd.nextInt(INTERESTING.length)] : rnd.nextInt(65536);
                        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short) value);
                    }
                }
                if (rnd.nextInt(4) == 0) {
                    b = Arrays.copyOf(b, rnd.nextInt(b.length + 1));
                }
                if (rnd.nextInt(10) == 0) {
                    b = Arrays.copyOf(b, b.length + rnd.nextInt(64));
                }
                check(b);
                cases++;
            }
        }
        assertTrue(cases > 10000, "cases " + cases);
    }

    @Test
    void randomGarbageWithPlausibleHeaders() {
        Random rnd = new Random(21064);
        for (int i = 0; i < 4000; i++) {
            byte[] b = new byte[rnd.nextInt(700)];
            rnd.nextBytes(b);
            ByteBuffer w = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            if (b.length >= 16 && rnd.nextInt(4) != 0) {
                w.putInt(0, rnd.nextBoolean() ? DlmBytes.V32 : DlmBytes.V31);
                w.putShort(12, (short) (rnd.nextBoolean() ? b.length : INTERESTING[rnd.nextInt(INTERESTING.length)]));
                b[14] = (byte) rnd.nextInt(7);
                if (b.length >= 24 && b[14] == 3) {
                    b[16] = (byte) rnd.nextInt(6);
                    w.putShort(18, (short) (rnd.nextInt(3) == 0 ? rnd.nextInt(65536) : rnd.nextInt(16)));
                    if (b.length >= 24 + 16 && rnd.nextBoolean()) {
                        w.putInt(24, DlmBytes.V32);
                        w.putShort(36, (short) (b.length - 24));
                        b[38] = (byte) rnd.nextInt(7);
                    }
                }
                if (b.length >= 20 && rnd.nextBoolean()) {
                    w.putInt(16, rnd.nextInt(16));
                }
            }
            check(b);
        }
    }

    @Test
    void positionOrderAndDirectBuffersDoNotChangeTheDecode() {
        Random rnd = new Random(7);
        for (byte[] seed : seeds()) {
            DlmPdu plain = Bytes.decode(seed);
            byte[] padded = new byte[seed.length + 13];
            rnd.nextBytes(padded);
            System.arraycopy(seed, 0, padded, 5, seed.length);
            ByteBuffer big = ByteBuffer.wrap(padded, 5, seed.length).order(ByteOrder.BIG_ENDIAN);
            DlmPdu shifted = DlmDecoder.decode(big);
            assertEquals(5, big.position());
            assertEquals(5 + seed.length, big.limit());
            assertEquals(ByteOrder.BIG_ENDIAN, big.order());
            ByteBuffer direct = ByteBuffer.allocateDirect(seed.length).order(ByteOrder.LITTLE_ENDIAN);
            direct.put(seed).flip();
            DlmPdu fromDirect = DlmDecoder.decode(direct.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN));
            for (DlmPdu other : List.of(shifted, fromDirect)) {
                assertEquals(plain.header(), other.header());
                assertEquals(plain.errors(), other.errors());
                assertEquals(plain.notes(), other.notes());
                assertEquals(plain.info(), other.info());
                RecordingVisitor a = RecordingVisitor.walk(plain);
                RecordingVisitor b = RecordingVisitor.walk(other);
                assertEquals(a.paths(), b.paths());
                for (int i = 0; i < a.fields.size(); i++) {
                    assertEquals(a.fields.get(i).offset(), b.fields.get(i).offset());
                    assertEquals(a.fields.get(i).value(), b.fields.get(i).value());
                    assertEquals(Arrays.toString(a.fields.get(i).bytes()), Arrays.toString(b.fields.get(i).bytes()));
                }
            }
        }
    }

    /** Decodes, walks and renders {@code b}; fails on any exception or out-of-bounds report. */
    static void check(byte[] b) {
        DlmPdu pdu;
        try {
            pdu = DlmDecoder.decode(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN));
            assertNotNull(pdu);
            for (String e : pdu.errors()) {
                if (e.startsWith("decoder failure")) {
                    fail(e + " for " + hex(b));
                }
            }
            assertTrue(pdu.captured() <= b.length);
            int hlen = b.length >= 14 ? (b[12] & 0xFF) | (b[13] & 0xFF) << 8 : 0;
            assertEquals(b.length < Math.max(16, hlen) || b.length < 14, pdu.truncated(), () -> hex(b));
            String info = pdu.info();
            assertNotNull(info);
            for (int i = 0; i < info.length(); i++) {
                char c = info.charAt(i);
                assertTrue(c >= 0x20 && c < 0x7f, "control or non-ASCII character in info: " + info);
            }
            pdu.notes();
            pdu.accept(new BoundsVisitor(pdu.captured(), b));
        } catch (RuntimeException e) {
            throw new AssertionError("exception for " + hex(b), e);
        }
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, 200); i++) {
            sb.append(String.format("%02x", b[i] & 0xFF));
        }
        return sb.append(b.length > 200 ? "… (" + b.length + ")" : "").toString();
    }

    /** Checks that every reported range lies within the captured bytes. */
    static final class BoundsVisitor implements FieldVisitor {
        private final int limit;
        private final byte[] input;
        private int depth;

        BoundsVisitor(int limit, byte[] input) {
            this.limit = limit;
            this.input = input;
        }

        private void range(int offset, int size, String what) {
            assertTrue(offset >= 0 && size >= 0 && offset + size <= limit,
                    () -> what + " at " + offset + "+" + size + " outside " + limit + " for " + hex(input));
        }

        @Override
        public void number(FieldDef field, String label, int offset, long value) {
            String key = field.jsonKey();
            int size = field.width();
            Display kind = field.display();
            String meaning = field.meaning(value);
            assertTrue(size == 1 || size == 2 || size == 4 || size == 8, key);
            range(offset, size, key);
        }

        @Override
        public void bytes(FieldDef field, String label, int offset, int size, byte[] data, int from) {
            String key = field.jsonKey();
            boolean name = field.display() == Display.NAME;
            range(offset, size, key);
            assertTrue(size > 0 && from >= 0 && from + size <= data.length, key);
            String s = DlmText.escapeName(data, from, size);
            for (int i = 0; i < s.length(); i++) {
                assertTrue(s.charAt(i) >= 0x20 && s.charAt(i) < 0x7f);
            }
        }

        @Override
        public void beginGroup(String key, String label, int offset, int size) {
            range(offset, size, "group " + key);
            depth++;
        }

        @Override
        public void endGroup() {
            depth--;
            assertTrue(depth >= 0);
        }

        @Override
        public void beginList(String key, String label, int offset, int size) {
            range(offset, size, "list " + key);
            depth++;
        }

        @Override
        public void endList() {
            depth--;
            assertTrue(depth >= 0);
        }

        @Override
        public void error(int offset, String message) {
            assertTrue(offset >= 0, message);
            assertNotNull(message);
        }

        @Override
        public void note(int offset, String message) {
            assertTrue(offset >= 0, message);
        }
    }
}
