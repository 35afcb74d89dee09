package org.dlminspect.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.dlminspect.analysis.FindingFields;
import org.dlminspect.dlm.DlmFields;
import org.dlminspect.net.IpAddress;
import org.dlminspect.pipeline.MessageFields;
import org.dlminspect.schema.FieldValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The display filter language: each operator, precedence, every value kind, and the error for each kind of
 * mistake with its column. The values are those of an OPTS from node 2 carrying a GRANT (as decoded:
 * outer and inner header both give dlm.cmd), see {@link #grant()}.
 */
class DisplayFilterTest {

    /** frame 7, 10.99.0.2:21064 → 10.99.0.1:40001, OPTS seq 5 wrapping a GRANT lkid 0x10001, exflags VALBLK|QUECVT, result -11, name "res" and LVB. */
    static FieldValues grant() {
        FieldValues v = new FieldValues();
        v.add(MessageFields.FRAME_NUMBER, 7);
        v.add(MessageFields.FRAME_TIME, 1_700_000_000_500_000_000L);
        v.add(MessageFields.FRAME_TIME_RELATIVE, 1_500_000_000L);
        v.addObject(MessageFields.IP_SRC, IpAddress.parse("10.99.0.2"));
        v.addObject(MessageFields.IP_DST, IpAddress.parse("10.99.0.1"));
        v.addObject(MessageFields.IP_ADDR, IpAddress.parse("10.99.0.2"));
        v.addObject(MessageFields.IP_ADDR, IpAddress.parse("10.99.0.1"));
        v.add(MessageFields.TCP_PORT, 21064);
        v.add(MessageFields.TCP_PORT, 40001);
        v.add(MessageFields.TCP_STREAM, 3);
        v.add(DlmFields.SEQ, 5);
        v.add(DlmFields.NODEID, 2);
        v.add(DlmFields.CMD, 3);
        v.add(DlmFields.OPTS_NEXTCMD, 1);
        v.layer(2); // the GRANT the OPTS carries is the second DLM layer, as FieldCollector marks it
        v.add(DlmFields.CMD, 1);
        v.add(DlmFields.MSG_TYPE, 9);
        v.add(DlmFields.MSG_LKID, 0x10001);
        v.add(DlmFields.MSG_EXFLAGS, 0x18);
        v.add(DlmFields.MSG_GRMODE, 5);
        v.add(DlmFields.MSG_RESULT, -11);
        v.addObject(DlmFields.MSG_NAME, "res");
        v.addObject(DlmFields.MSG_LVB, new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef});
        v.layer(1);
        v.add(DlmFields.RCOM_ID, -1L);
        return v;
    }

    static boolean test(String filter) {
        return DisplayFilter.compile(filter).matches(grant());
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = ';', value = {
        // comparisons, symbolic and in words
        "dlm.msg.type == 9 ; true", "dlm.msg.type eq 9 ; true", "dlm.msg.type == 10 ; false",
        "dlm.msg.type != 10 ; true", "dlm.msg.type ne 9 ; false",
        "dlm.msg.lkid > 0x10000 ; true", "dlm.msg.lkid gt 0x10001 ; false", "dlm.msg.lkid >= 65537 ; true",
        "dlm.msg.lkid ge 65538 ; false", "dlm.msg.lkid < 65538 ; true", "dlm.msg.lkid lt 65537 ; false",
        "dlm.msg.lkid <= 65537 ; true", "dlm.msg.lkid le 65536 ; false",
        // a field with two occurrences: == any, != none, === all, ~= some not
        "dlm.cmd == OPTS ; true", "dlm.cmd == MSG ; true", "dlm.cmd != MSG ; false", "dlm.cmd != ACK ; true",
        "dlm.cmd === MSG ; false", "dlm.cmd ~= MSG ; true", "dlm.cmd all_eq OPTS ; false", "dlm.cmd any_ne OPTS ; true",
        // sets and ranges
        "dlm.msg.type in {9 10} ; true", "dlm.msg.type in {GRANT BAST} ; true", "dlm.msg.type in {1, 2, 3} ; false",
        "dlm.msg.type in {1..8} ; false", "dlm.msg.type in {8..10} ; true", "dlm.msg.lkid in {0x10000..0x10001} ; true",
        // names of values: enum, flag bit, errno, mode
        "dlm.msg.type == GRANT ; true", "dlm.msg.type == grant ; true", "dlm.msg.grmode == EX ; true",
        "dlm.msg.result == -EAGAIN ; true", "dlm.msg.result == EAGAIN ; true", "dlm.msg.result == -11 ; true",
        "dlm.msg.result < 0 ; true",
        "dlm.msg.exflags.valblk == 1 ; true", "dlm.msg.exflags.noqueue == 1 ; false", "dlm.msg.exflags.noqueue == 0 ; true",
        "dlm.msg.exflags.quecvt == true ; true", "dlm.msg.exflags.valblk ; true",
        // presence
        "dlm.msg.type ; true", "dlm.rcom.type ; false", "!dlm.rcom.type ; true", "not dlm.msg.lvb ; false",
        // strings and bytes
        "dlm.msg.name == \"res\" ; true", "dlm.msg.name == \"re\" ; false", "dlm.msg.name contains \"es\" ; true",
        "dlm.msg.name matches \"^r.s$\" ; true", "dlm.msg.name matches \"^x\" ; false", "dlm.msg.name == \"\\x72es\" ; true",
        "dlm.msg.lvb == de:ad:be:ef ; true", "dlm.msg.lvb contains ad:be ; true", "dlm.msg.lvb contains be:ad ; false",
        "dlm.msg.lvb == deadbeef ; true",
        // addresses and CIDR
        "ip.src == 10.99.0.2 ; true", "ip.src == 10.99.0.1 ; false", "ip.addr == 10.99.0.1 ; true",
        "ip.addr == 10.99.0.0/24 ; true", "ip.addr == 10.98.0.0/16 ; false", "ip.dst != 10.99.0.0/16 ; false",
        "ip.src == ::1 ; false",
        // times: seconds, and a UTC date
        "frame.time_relative > 1.4 ; true", "frame.time_relative >= 1.5 ; true", "frame.time_relative > 1.5 ; false",
        "frame.time == \"2023-11-14 22:13:20.5\" ; true", "frame.time > 1700000000 ; true",
        // unsigned 64-bit
        "dlm.rcom.id == 18446744073709551615 ; true", "dlm.rcom.id > 0x7fffffffffffffff ; true",
        // precedence: not > and > or; parentheses
        "dlm.msg.type == 1 or dlm.msg.type == 9 and tcp.stream == 3 ; true",
        "dlm.msg.type == 1 || dlm.msg.type == 9 && tcp.stream == 4 ; false",
        "(dlm.msg.type == 1 or dlm.msg.type == 9) and tcp.stream == 4 ; false",
        "dlm.msg.type == 9 or dlm.msg.type == 1 and tcp.stream == 4 ; true",
        "not dlm.msg.type == 1 and tcp.stream == 3 ; true", "!(dlm.msg.type == 9 && tcp.stream == 3) ; false",
        "! ! dlm.msg.type == 9 ; true", "tcp.port == 40001 && tcp.port == 21064 ; true",
    })
    void operatorsValuesAndPrecedence(String filter, boolean expected) {
        assertEquals(expected, test(filter), filter);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = ';', value = {
        // slices of names and bytes: [i:n], [i-j], [i], [:n], [i:], negative offsets, several ranges
        "dlm.msg.name[0:2] == \"re\" ; true", "dlm.msg.name[1-2] == \"es\" ; true", "dlm.msg.name[-1] == \"s\" ; true",
        "dlm.msg.name[:1] == 72 ; true", "dlm.msg.name[0:2] == \"es\" ; false", "dlm.msg.lvb[1:2] == ad:be ; true",
        "dlm.msg.lvb[2:] == be:ef ; true", "dlm.msg.lvb[-2:] == be:ef ; true", "dlm.msg.lvb[0:1,3] == de:ef ; true",
        "dlm.msg.lvb[3:2] == ef ; false", "dlm.msg.lvb[9] ; false", "dlm.msg.lvb[3] ; true",
        "dlm.msg.name[0:2] contains \"e\" ; true", "dlm.msg.lvb[0:2] != de:ad ; false",
        // functions
        "len(dlm.msg.name) == 3 ; true", "len(dlm.msg.lvb) == 4 ; true", "len(dlm.msg.lkid) == 4 ; true",
        "len(ip.src) == 4 ; true", "len(dlm.msg.name[0:2]) == 2 ; true", "len(dlm.msg.name) > 3 ; false",
        "count(dlm.cmd) == 2 ; true", "count(tcp.port) == 2 ; true", "count(dlm.msg.type) == 1 ; true",
        "count(dlm.rcom.type) == 0 ; false", "upper(dlm.msg.name) == \"RES\" ; true", "upper(dlm.msg.name) == \"res\" ; false",
        "lower(upper(dlm.msg.name)) == \"res\" ; true", "string(dlm.msg.type) == \"GRANT\" ; true",
        "string(dlm.msg.lkid) == \"65537\" ; true", "string(dlm.msg.lvb) == \"deadbeef\" ; true",
        "string(ip.src) contains \"99\" ; true", "string(dlm.rcom.id) == \"18446744073709551615\" ; true",
        "abs(dlm.msg.result) == 11 ; true", "max(tcp.port) == 40001 ; true", "min(tcp.port) == 21064 ; true",
        "max(dlm.msg.lkid, tcp.stream) == 65537 ; true", "min(dlm.msg.lkid, tcp.stream) == 3 ; true",
        "len(dlm.msg.name) in {1..3} ; true", "upper(dlm.msg.name) in {\"RES\" \"X\"} ; true",
        "upper(dlm.msg.name) matches \"^RE\" ; true", "len(dlm.msg.name) ; true", "len(dlm.rcom.name) ; false",
        // comparisons between fields: some pair (==), every pair (!=, ===)
        "dlm.nodeid == dlm.seq ; false", "dlm.seq > dlm.nodeid ; true", "tcp.stream < dlm.seq ; true",
        "ip.src == ip.dst ; false", "ip.src != ip.dst ; true", "ip.src == ip.addr ; true", "ip.src != ip.addr ; false",
        "dlm.cmd == dlm.opts.nextcmd ; true", "dlm.cmd === dlm.opts.nextcmd ; false", "dlm.msg.name == dlm.msg.name ; true",
        "dlm.msg.name contains dlm.msg.name[1:2] ; true", "dlm.rcom.id > dlm.msg.lkid ; true",
        // arithmetic: + - * / % (the usual precedence), unary minus, times in seconds
        "dlm.msg.lkid + 1 == 0x10002 ; true", "dlm.msg.lkid - 1 == 0x10000 ; true", "dlm.msg.lkid * 2 == 131074 ; true",
        "dlm.msg.lkid / 2 == 32768 ; true", "dlm.msg.lkid % 2 == 1 ; true", "dlm.msg.lkid / 0 == 0 ; false",
        "dlm.seq + dlm.nodeid == 7 ; true", "dlm.seq - dlm.nodeid * 2 == 1 ; true", "1 + dlm.seq == 6 ; true",
        "-dlm.msg.result == 11 ; true", "- dlm.msg.result == 11 ; true", "dlm.msg.result == -11 ; true",
        "frame.time_relative + 1 > 2.4 ; true", "frame.time_relative - 1 < 0.4 ; false", "dlm.msg.lkid - 1 > dlm.seq ; true",
        // the bitwise and: a bare test is true when a bit of the mask is set; binds looser than + and tighter than ==
        "dlm.msg.exflags & VALBLK ; true", "dlm.msg.exflags & NOQUEUE ; false", "dlm.msg.exflags & 0x18 == 0x18 ; true",
        "dlm.msg.exflags & 0x10 == 0x10 && dlm.msg.type == GRANT ; true", "not dlm.msg.exflags & CANCEL ; true",
        "dlm.msg.exflags & 0x8 + 0x10 == 0x18 ; true", "dlm.msg.exflags & VALBLK == 8 ; true",
    })
    void slicesFunctionsFieldComparisonsAndArithmetic(String filter, boolean expected) {
        assertEquals(expected, test(filter), filter);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "len(dlm.msg.lkid + 1) == 4 | len() at 1 needs a field or a slice; dlm.msg.lkid + 1 is an unsigned integer | 1",
        "upper(dlm.msg.lkid) == 1 | upper() at 1 needs a string (a name); dlm.msg.lkid is an unsigned integer | 1",
        "count(dlm.msg.lkid + 1) > 1 | count() at 1 needs a field; dlm.msg.lkid + 1 is an unsigned integer | 1",
        "abs(dlm.msg.name) > 1 | abs() at 1 needs numbers; dlm.msg.name is a string | 1",
        "max() > 1 | max() at 1 takes 1 to 8 arguments, not 0 | 1",
        "len(dlm.msg.name, dlm.msg.lvb) == 1 | len() at 1 takes one argument, not 2 | 1",
        "len(dlm.msg.name dlm.msg.lvb) | expected ',' or ')' at 18 in len() opened at 4, found 'dlm.msg.lvb' | 18",
        "len(3) == 1 | expected a field at 5, found '3' | 5",
        "frob(dlm.msg.name) | unknown function 'frob' at 1 (functions: len(), count(), upper(), lower(), string(), abs(), max(), min()) | 1",
        "dlm.msg.lkid[0:2] == 00 | the slice at 13 needs a string or bytes field; dlm.msg.lkid is an unsigned integer | 13",
        "dlm.msg.name[0:x] == 1 | expected an offset or length in the slice at 14, found 'x' | 14",
        "dlm.msg.name[0:-1] == 1 | a slice length cannot be negative: '0:-1' at 14 | 14",
        "dlm.msg.name[0:2 == 1 | slice opened at 13 has no closing ']' | 13",
        "dlm.msg.name] | ']' at 13 closes no slice | 13",
        "dlm.msg.lkid == dlm.msg.name | cannot compare dlm.msg.lkid (an unsigned integer) with dlm.msg.name (a string) at 14 | 14",
        "dlm.msg.lkid == dlm.msg.remidd | unknown field 'dlm.msg.remidd' at 17; did you mean dlm.msg.remid? | 17",
        "dlm.msg.lkid + 1 | expected a comparison after dlm.msg.lkid + 1 at 17, found the end | 17",
        "dlm.msg.lkid + dlm.msg.name == 1 | '+' at 14 needs numbers; dlm.msg.name is a string | 14",
        "dlm.msg.lkid + GRANT == 1 | expected a number for dlm.msg.lkid at 16, found 'GRANT' | 16",
        "dlm.msg.exflags & VALBLOK | 'VALBLOK' at 19 is not a value of dlm.msg.exflags; did you mean VALBLK? | 19",
        "1 + 2 == dlm.seq | expected a field at 1, found '3' | 1",
        "dlm.seq == 1 / 0 | division by zero at 14 | 14",
        "dlm.seq == \"a\" + 1 | '+' at 16 needs a field or two integers | 16",
    })
    void badSlicesFunctionsAndArithmeticSayWhereAndWhat(String filter, String message, int position) {
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class, () -> DisplayFilter.compile(filter));
        assertEquals(message, e.getMessage());
        assertEquals(position, e.position());
    }

    @Test
    void everyFieldAFunctionOrArithmeticReadsIsKept() {
        DisplayFilter f = DisplayFilter.compile("len(dlm.msg.name) + dlm.seq == 8 && dlm.msg.lvb[0] == de");
        assertTrue(f.fields().containsAll(java.util.List.of(DlmFields.MSG_NAME, DlmFields.SEQ, DlmFields.MSG_LVB)), f.fields().toString());
        FieldValues v = new FieldValues(f.fields());
        FieldValues all = grant();
        for (int i = 0; i < all.size(); i++) {
            if (all.field(i).type().numeric()) v.add(all.field(i), all.number(all.field(i), i));
            else v.addObject(all.field(i), all.object(i));
        }
        assertEquals(3, v.size(), "only the three fields it reads");
        assertTrue(f.matches(v));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "dlm.msg.typ == 1 | unknown field 'dlm.msg.typ' at 1; did you mean dlm.msg.type? | 1",
        "tcp.stream == 1 and dlm.nodeidd | unknown field 'dlm.nodeidd' at 21; did you mean dlm.nodeid? | 21",
        "dlm.msg.type == GRNT | 'GRNT' at 17 is not a value of dlm.msg.type; did you mean GRANT? | 17",
        "dlm.msg.type == | expected a value after '==' at 16, found the end | 16",
        "(dlm.msg.type == 9 | expected ')' at 19 to close the '(' at 1, found the end | 19",
        "dlm.msg.type == 9) | unexpected ')' at 18 (no '(' to close) | 18",
        "dlm.msg.type == 9 dlm.cmd | unexpected 'dlm.cmd' at 19; expected 'and', 'or' or the end | 19",
        "dlm.msg.type = 9 | '=' at 14 is not an operator (use == != < <= > >=) | 14",
        "dlm.msg.name & 1 | '&' at 14 needs numbers; dlm.msg.name is a string | 14",
        "ip.addr == 10.99.0.0/33 | prefix length '33' at 22 is not 0..32 | 22",
        "ip.addr == node1 | expected an IP address or CIDR block (10.99.0.0/24) at 12, found 'node1' | 12",
        "dlm.msg.lkid == abc | expected a number for dlm.msg.lkid at 17, found 'abc' | 17",
        "dlm.msg.name matches \"(\" | bad regular expression at 22: Unclosed group | 22",
        "dlm.msg.name == \"abc | string opened at 17 has no closing '\"' | 17",
        "dlm.msg.type contains 9 | 'contains' at 14 needs a string or bytes field; dlm.msg.type is an unsigned integer | 14",
        "dlm.msg.type in 9 | expected '{' after 'in' at 17, found '9' | 17",
        "dlm.msg.type in {} | the set after 'in' at 14 is empty | 14",
        "dlm.msg.type in {1.. } | a range at 18 needs both ends (like 1..5) | 18",
        "== 9 | expected a field name at 1, found '==' | 1",
        "dlm.msg.lkid == -1 | dlm.msg.lkid is unsigned: -1 at 17 can never match | 17",
        "frame.time_relative > soon | expected seconds for frame.time_relative at 23, found 'soon' | 23",
    })
    void badFiltersSayWhereAndWhat(String filter, String message, int position) {
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class, () -> DisplayFilter.compile(filter));
        assertEquals(message, e.getMessage());
        assertEquals(position, e.position());
    }

    @Test
    void emptyFilterIsAnError() {
        assertEquals("the filter is empty", assertThrows(FilterSyntaxException.class, () -> DisplayFilter.compile("  ")).getMessage());
    }

    @Test
    void findingFieldsSelectFindingsBySeverityOrder() {
        FieldValues warn = new FieldValues();
        warn.add(FindingFields.SEVERITY, 2);
        warn.addObject(FindingFields.CODE, "ack.missing");
        assertTrue(DisplayFilter.compile("dlm.finding.severity >= warn").matches(warn));
        assertTrue(DisplayFilter.compile("dlm.finding.severity > note && dlm.finding.severity < error").matches(warn));
        assertFalse(DisplayFilter.compile("dlm.finding.severity >= error").matches(warn));
        assertTrue(DisplayFilter.compile("dlm.finding matches \"^ack\\\\.\"").matches(warn));
        assertFalse(DisplayFilter.compile("dlm.finding.severity >= warn").matches(grant()), "a message has no severity");
    }

    @Test
    void onlyTheFieldsTheFilterReadsAreKept() {
        DisplayFilter f = DisplayFilter.compile("dlm.msg.exflags.valblk == 1 and ip.addr == 10.0.0.0/8");
        FieldValues v = new FieldValues(f.fields());
        v.add(DlmFields.MSG_EXFLAGS, 8);
        v.add(DlmFields.MSG_TYPE, 9);
        v.addObject(MessageFields.IP_ADDR, IpAddress.parse("10.1.2.3"));
        assertEquals(2, v.size(), "dlm.msg.type is not read, so not kept; the bit keeps its word");
        assertTrue(f.matches(v));
        assertEquals("(dlm.cmd == ACK) and (tcp.stream == 3)",
                DisplayFilter.compile("dlm.cmd == ACK").and(DisplayFilter.compile("tcp.stream == 3")).text());
        assertTrue("res".equals(new String("res".getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1)));
    }
}
