package org.dlminspect.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.dlminspect.net.IpAddress;
import org.junit.jupiter.api.Test;

/**
 * The hand-written equals and hashCode of the analysis' map keys give what the records' generated ones gave, so
 * that the maps keep their iteration order: each is compared with a record of the same components, whose methods
 * are the generated ones.
 */
class AnalysisKeyHashTest {
    private record LinkShape(IpAddress low, IpAddress high) { }
    private record EpisodeShape(EpisodeKind kind, FindingCode code, IpAddress from, IpAddress to) { }

    private static final IpAddress A = IpAddress.parse("10.99.0.1");
    private static final IpAddress B = IpAddress.parse("fe80::1:2:3:4");

    @Test
    void linkKeysHashAsTheirRecordDid() {
        Connections.LinkKey k = new Connections.LinkKey(A, B);
        assertEquals(new LinkShape(A, B).hashCode(), k.hashCode());
        assertEquals(new LinkShape(null, B).hashCode(), new Connections.LinkKey(null, B).hashCode());
        assertEquals(k, new Connections.LinkKey(IpAddress.parse("10.99.0.1"), B));
        assertNotEquals(k, new Connections.LinkKey(B, A));
        assertNotEquals(k, new Connections.LinkKey(A, A));
    }

    @Test
    void episodeKeysHashAsTheirRecordDid() {
        Episodes.Key k = new Episodes.Key(EpisodeKind.CONNECTION_RESET, FindingCode.SEQ_GAP, A, B);
        assertEquals(new EpisodeShape(EpisodeKind.CONNECTION_RESET, FindingCode.SEQ_GAP, A, B).hashCode(), k.hashCode());
        assertEquals(new EpisodeShape(EpisodeKind.NODE_FAILURE, null, null, A).hashCode(),
                new Episodes.Key(EpisodeKind.NODE_FAILURE, null, null, A).hashCode());
        assertEquals(k, new Episodes.Key(EpisodeKind.CONNECTION_RESET, FindingCode.SEQ_GAP, A, IpAddress.parse("fe80::1:2:3:4")));
        assertNotEquals(k, new Episodes.Key(EpisodeKind.NODE_FAILURE, FindingCode.SEQ_GAP, A, B));
        assertNotEquals(k, new Episodes.Key(EpisodeKind.CONNECTION_RESET, FindingCode.SEQ_RETRANSMISSION, A, B));
        assertNotEquals(k, new Episodes.Key(EpisodeKind.CONNECTION_RESET, FindingCode.SEQ_GAP, B, B));
        assertNotEquals(k, new Episodes.Key(EpisodeKind.CONNECTION_RESET, FindingCode.SEQ_GAP, A, A));
    }
}
