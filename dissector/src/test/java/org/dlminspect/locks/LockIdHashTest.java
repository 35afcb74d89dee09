package org.dlminspect.locks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** LockId's hand-written equals and hashCode give what the record's generated ones gave (map order kept). */
class LockIdHashTest {
    private record Shape(long lockspace, long node, int lkid) { }

    @Test
    void hashesAsTheRecordDid() {
        long[][] cases = {{0x4c41424cL, 2, 0x10003}, {0xFFFFFFFFL, 1, -1}, {0, 0, 0}};
        for (long[] c : cases) {
            LockId id = new LockId(c[0], c[1], (int) c[2]);
            assertEquals(new Shape(c[0], c[1], (int) c[2]).hashCode(), id.hashCode());
            assertEquals(id, new LockId(c[0], c[1], (int) c[2]));
            assertNotEquals(id, new LockId(c[0], c[1] + 1, (int) c[2]));
            assertNotEquals(id, new LockId(c[0] + 1, c[1], (int) c[2]));
            assertNotEquals(id, new LockId(c[0], c[1], (int) c[2] + 1));
        }
    }
}
