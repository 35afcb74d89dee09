package org.dlminspect.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;
import org.dlminspect.pipeline.MessageFields;
import org.dlminspect.schema.FieldValues;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * On the real captures, {@code dlm.msg.type == GRANT} selects exactly the GRANTs and {@code dlm.cmd == ACK} exactly
 * the ACKs, counted independently from the raw bytes (h_cmd at offset 14, m_type at 16, an OPTS's inner message
 * at 24 + o_optlen), bare or wrapped alike.
 */
class RealCaptureFilterTest {
    private static final DisplayFilter GRANT = DisplayFilter.compile("dlm.msg.type == GRANT");
    private static final DisplayFilter GRANT_9 = DisplayFilter.compile("dlm.msg.type == 9");
    private static final DisplayFilter ACK = DisplayFilter.compile("dlm.cmd == ACK");
    private static final DisplayFilter NOT_ACK = DisplayFilter.compile("!(dlm.cmd == ACK)");

    static Path samples() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("samples"))) p = p.getParent();
        return p.resolve("samples");
    }

    @ParameterizedTest
    @ValueSource(strings = {"normal", "loss", "reconnect", "snaplen"})
    void grantAndAckFiltersSelectExactlyThoseMessages(String sample) throws Exception {
        long[] n = new long[6]; // messages, grants by bytes, by filter, by number, acks by bytes, by filter
        FieldValues values = new FieldValues();
        DissectionListener l = new DissectionListener() {
            long first = Long.MIN_VALUE;

            @Override
            public void onFrame(CaptureFrame f) {
                if (first == Long.MIN_VALUE) first = f.epochNanos();
            }

            @Override
            public void onMessage(DissectedMessage m) {
                n[0]++;
                ByteBuffer b = m.bytes();
                if (isGrant(b)) n[1]++;
                if (b.limit() >= 15 && b.get(14) == 4) n[4]++;
                values.clear();
                MessageFields.collect(m, first, -1, values, true);
                boolean grant = GRANT.matches(values);
                if (grant) n[2]++;
                if (GRANT_9.matches(values)) n[3]++;
                boolean ack = ACK.matches(values);
                if (ack) n[5]++;
                assertEquals(isGrant(b), grant, "frame " + m.frame());
                assertEquals(!ack, NOT_ACK.matches(values), "frame " + m.frame());
            }
        };
        try (CaptureReader r = CaptureFiles.open(samples().resolve(sample + ".pcap.gz"), d -> { })) {
            new Dissector(DissectorOptions.defaults(), l).run(r);
        }
        System.out.println(sample + ": " + n[0] + " messages, " + n[1] + " GRANTs, " + n[4] + " ACKs");
        // snaplen cuts every message after its first bytes: its GRANTs are not recognisable (0 by bytes and by filter).
        assertTrue((n[1] > 0 || sample.equals("snaplen")) && n[4] > 0, "the capture has GRANTs and ACKs");
        assertEquals(n[1], n[2], "GRANTs");
        assertEquals(n[1], n[3], "GRANT by number");
        assertEquals(n[4], n[5], "ACKs");
    }

    private static final DisplayFilter OUTER_OPTS = DisplayFilter.compile("dlm.cmd#1 == OPTS");
    private static final DisplayFilter WRAPPED_MSG = DisplayFilter.compile("dlm.cmd#2 == MSG");
    private static final DisplayFilter WRAPPED_ANY = DisplayFilter.compile("dlm.cmd#2");
    private static final DisplayFilter ALL_OPTS = DisplayFilter.compile("all dlm.cmd == OPTS");
    private static final DisplayFilter NODES_AGREE = DisplayFilter.compile("dlm.nodeid#1 == dlm.nodeid#2");

    /**
     * The layer operator and the quantifiers on the real captures, against the raw bytes: an OPTS (h_cmd 3 at 14)
     * is {@code dlm.cmd#1 == OPTS}, the message it carries (its h_cmd at 24 + o_optlen + 14) is layer 2, a bare
     * message has no layer 2, and {@code all dlm.cmd == OPTS} holds for no OPTS (its message is never an OPTS).
     */
    @ParameterizedTest
    @ValueSource(strings = {"normal", "loss", "reconnect"})
    void layersAndQuantifiersAgreeWithTheRawBytes(String sample) throws Exception {
        long[] n = new long[2]; // OPTS, OPTS carrying a DLM_MSG
        each(sample, (m, values) -> {
            ByteBuffer b = m.bytes();
            boolean opts = b.limit() >= 24 && b.get(14) == 3;
            int inner = opts ? 24 + (b.getShort(18) & 0xFFFF) : -1;
            boolean wrapped = opts && inner + 16 <= b.limit();
            boolean msg = wrapped && b.get(inner + 14) == 1;
            String where = "frame " + m.frame();
            assertEquals(opts, OUTER_OPTS.matches(values), where);
            assertEquals(msg, WRAPPED_MSG.matches(values), where);
            assertEquals(wrapped, WRAPPED_ANY.matches(values), where);
            assertEquals(wrapped && b.get(inner + 14) == 3, ALL_OPTS.matches(values), where);
            assertEquals(wrapped && b.getInt(8) == b.getInt(inner + 8), NODES_AGREE.matches(values), where);
            n[0] += opts ? 1 : 0;
            n[1] += msg ? 1 : 0;
        });
        assertTrue(n[0] > 0 && n[1] > 0, sample + ": " + n[0] + " OPTS, " + n[1] + " carrying a DLM_MSG");
    }

    private static final DisplayFilter VALBLK = DisplayFilter.compile("dlm.msg.exflags & VALBLK");
    private static final DisplayFilter SAME_IDS = DisplayFilter.compile("dlm.msg.lkid == dlm.msg.remid");
    private static final DisplayFilter NAME_FILLS = DisplayFilter.compile("len(dlm.msg.name) + 88 == dlm.length");
    private static final DisplayFilter HOT = DisplayFilter.compile("dlm.msg.name[0:3] == \"hot\" && upper(dlm.msg.name) matches \"^HOT\"");

    /**
     * Slices, functions, arithmetic, the bitwise and and field-to-field comparisons on the real captures, each
     * against the same question asked of the raw bytes of the DLM_MSG (bare, or inside an OPTS): m_exflags at
     * 44, m_lkid at 28, m_remid at 32, and the resource name of REQUEST, LOOKUP and REMOVE from 88 to h_length.
     */
    @ParameterizedTest
    @ValueSource(strings = {"normal", "loss", "reconnect"})
    void slicesFunctionsAndArithmeticAgreeWithTheRawBytes(String sample) throws Exception {
        long[] n = new long[4]; // VALBLK, same ids, names, "hot" names: by bytes
        each(sample, (m, values) -> {
            ByteBuffer b = m.bytes();
            int at = b.limit() >= 24 && b.get(14) == 3 ? 24 + (b.getShort(18) & 0xFFFF) : 0;
            boolean msg = at + 88 <= b.limit() && b.get(at + 14) == 1;
            boolean valblk = msg && (b.getInt(at + 44) & 0x8) != 0;
            boolean same = msg && b.getInt(at + 28) == b.getInt(at + 32);
            int type = msg ? b.getInt(at + 16) : 0;
            int length = msg ? b.getShort(at + 12) & 0xFFFF : 0;
            boolean named = msg && (type == 1 || type == 11 || type == 12) && length > 88 && at + length <= b.limit();
            boolean hot = named && length >= 91 && b.get(at + 88) == 'h' && b.get(at + 89) == 'o' && b.get(at + 90) == 't';
            String where = "frame " + m.frame();
            assertEquals(valblk, VALBLK.matches(values), where);
            assertEquals(same, SAME_IDS.matches(values), where);
            assertEquals(named, NAME_FILLS.matches(values), where);
            assertEquals(hot, HOT.matches(values), where);
            n[0] += valblk ? 1 : 0;
            n[1] += same ? 1 : 0;
            n[2] += named ? 1 : 0;
            n[3] += hot ? 1 : 0;
        });
        System.out.println(sample + ": " + n[0] + " VALBLK, " + n[1] + " lkid == remid, " + n[2] + " names, " + n[3] + " hot*");
        assertTrue(n[0] > 0 && n[1] > 0 && n[2] > 0 && n[3] > 0, "the capture has each kind");
    }

    /** A DLM_MSG of m_type 9, bare or the inner message of an OPTS, from the raw bytes. */
    private static boolean isGrant(ByteBuffer b) {
        int at = 0;
        if (b.limit() >= 24 && b.get(14) == 3) {
            at = 24 + (b.getShort(18) & 0xFFFF);
        }
        return at + 20 <= b.limit() && b.get(at + 14) == 1 && b.getInt(at + 16) == 9;
    }

    /** Each message of a sample capture with all its fields (frame.time_relative from 0). */
    private static void each(String sample, java.util.function.BiConsumer<DissectedMessage, FieldValues> visit) throws Exception {
        FieldValues values = new FieldValues();
        DissectionListener l = new DissectionListener() {
            @Override
            public void onMessage(DissectedMessage m) {
                values.clear();
                MessageFields.collect(m, 0, -1, values, true);
                visit.accept(m, values);
            }
        };
        try (CaptureReader r = CaptureFiles.open(samples().resolve(sample + ".pcap.gz"), d -> { })) {
            new Dissector(DissectorOptions.defaults(), l).run(r);
        }
    }
}
