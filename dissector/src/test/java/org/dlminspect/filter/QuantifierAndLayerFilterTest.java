package org.dlminspect.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Wireshark 4's quantifiers ({@code any} / {@code all} in front of a test) and layer operator ({@code field#N},
 * {@code field#[ranges]}), on the record of {@link DisplayFilterTest#grant()}: tcp.port 21064 and 40001, ip.addr
 * 10.99.0.2 and 10.99.0.1, dlm.cmd OPTS in layer 1 and MSG (the GRANT it carries) in layer 2.
 */
class QuantifierAndLayerFilterTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = ';', value = {
        // all: every value; any: some value
        "all tcp.port > 1024 ; true", "all tcp.port > 21064 ; false", "any tcp.port > 21064 ; true",
        "all dlm.cmd == OPTS ; false", "any dlm.cmd == MSG ; true", "all dlm.cmd in {OPTS MSG} ; true",
        "all dlm.cmd in {OPTS} ; false", "any dlm.cmd in {MSG} ; true", "all dlm.cmd in {1..3} ; true",
        "any ip.addr != 10.99.0.1 ; true", "all ip.addr != 10.99.0.1 ; false", "all ip.addr == 10.99.0.0/24 ; true",
        "all ip.addr == 10.99.0.2/32 ; false",
        // the quantifier takes precedence over what the operator implies (== any, != all, === all, !== any)
        "dlm.cmd === MSG ; false", "any dlm.cmd === MSG ; true", "dlm.cmd == MSG ; true", "all dlm.cmd == MSG ; false",
        "dlm.cmd != MSG ; false", "any dlm.cmd != MSG ; true", "dlm.cmd !== OPTS ; true", "all dlm.cmd !== OPTS ; false",
        "all dlm.cmd any_eq MSG ; false", "any dlm.cmd all_ne MSG ; true",
        // contains, matches, field against field, arithmetic
        "all dlm.msg.name contains \"re\" ; true", "all dlm.msg.name matches \"^r\" ; true",
        "all dlm.msg.name matches \"^x\" ; false", "all tcp.port >= tcp.port ; false", "any tcp.port > tcp.port ; true",
        "all tcp.port + 1 > 21064 ; true", "all tcp.port & 1 == 0 ; false",
        // no value satisfies nothing, all included
        "all dlm.rcom.type == 1 ; false", "all dlm.rcom.type != 1 ; false", "not all dlm.cmd == OPTS ; true",
        "all dlm.cmd == OPTS or any dlm.cmd == MSG ; true",
        // layers: the outer message is layer 1, the one an OPTS carries layer 2, frame/IP/TCP are layer 1
        "dlm.cmd#1 == OPTS ; true", "dlm.cmd#1 == MSG ; false", "dlm.cmd#2 == MSG ; true", "dlm.cmd#2 == OPTS ; false",
        "dlm.cmd#3 ; false", "dlm.cmd#0 ; false", "dlm.cmd#2 ; true", "dlm.cmd#[1-2] == MSG ; true",
        "dlm.cmd#[2:1] == OPTS ; false", "dlm.cmd#[1,2] === MSG ; false", "dlm.cmd#[2:] == MSG ; true",
        "all dlm.cmd#2 == MSG ; true", "all dlm.cmd#[1-2] == MSG ; false", "ip.addr#1 == 10.99.0.1 ; true",
        "ip.addr#2 ; false", "dlm.msg.type#2 == GRANT ; true", "dlm.msg.type#1 ; false", "dlm.nodeid#1 == 2 ; true",
        "dlm.msg.name#2[0:2] == \"re\" ; true", "len(dlm.msg.name#2) == 3 ; true", "dlm.cmd#2 in {MSG} ; true",
        "dlm.cmd#1 == dlm.cmd#2 ; false", "dlm.cmd#1 > dlm.cmd#2 ; true",
        // a layered field's values are numbers: string() and matches see them in decimal, a whole field by its names
        "string(dlm.msg.type#2) == \"9\" ; true", "string(dlm.msg.type) == \"GRANT\" ; true",
        "dlm.msg.type#2 matches \"^9$\" ; true", "dlm.msg.type#[1-2] matches \"GRANT\" ; false",
        "dlm.msg.type matches \"GRANT\" ; true", "not dlm.cmd#[3-4] ; true", "dlm.cmd#[0-9] != MSG ; false",
    })
    void quantifiersAndLayers(String filter, boolean expected) {
        assertEquals(expected, DisplayFilterTest.test(filter), filter);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "all dlm.cmd | 'all' at 1 needs a comparison, 'in', 'contains' or 'matches' after its field; found the end at 12 | 12",
        "any dlm.msg.exflags & VALBLK | 'any' at 1 needs a comparison, 'in', 'contains' or 'matches' after its field; found the end at 29 | 29",
        "any | unknown field 'any' at 1 (dlm-inspect fields lists them) | 1",
        "dlm.cmdd#2 == 1 | unknown field 'dlm.cmdd' at 1; did you mean dlm.cmd? | 1",
        "dlm.cmd#x == 1 | expected a layer number after '#' at 8, found 'x' (ranges go in brackets: dlm.cmd#[1-2]) | 8",
        "dlm.cmd#1-2 == 1 | expected a layer number after '#' at 8, found '1-2' (ranges go in brackets: dlm.cmd#[1-2]) | 8",
        "dlm.cmd# == 1 | expected a layer number or [ranges] after '#' at 8 | 8",
        "dlm.cmd#[-1] == 1 | a layer cannot be negative: '#[-1]' at 9 | 9",
        // count() and len() of a number take a field in every layer
        "count(dlm.cmd#1) == 1 | count() at 1 needs a field; dlm.cmd#1 is an unsigned integer | 1",
        "len(dlm.cmd#2) == 1 | len() at 1 needs a field or a slice; dlm.cmd#2 is an unsigned integer | 1",
    })
    void badQuantifiersAndLayersSayWhereAndWhat(String filter, String message, int position) {
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class, () -> DisplayFilter.compile(filter));
        assertEquals(message, e.getMessage());
        assertEquals(position, e.position());
    }
}
