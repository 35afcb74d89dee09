package org.dlminspect.locks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** The recovery tracker's hand-written key hashes as its record did (the map keeps its order) and tells keys apart. */
class RecoveryKeyHashTest {
    private record Shape(long lockspace, long requester, long replier, int phase, long id) { }

    @Test
    void hashesAsTheRecordDidAndComparesEveryComponent() {
        long[][] cases = {{0x4d2L, 1, 2, 3, 77}, {-1, 0xFFFFFFFFL, -1, -3, Long.MIN_VALUE}, {0, 0, 0, 0, 0}};
        for (long[] c : cases) {
            RecoveryTracker.Key k = new RecoveryTracker.Key(c[0], c[1], c[2], (int) c[3], c[4]);
            assertEquals(new Shape(c[0], c[1], c[2], (int) c[3], c[4]).hashCode(), k.hashCode());
            assertEquals(k, new RecoveryTracker.Key(c[0], c[1], c[2], (int) c[3], c[4]));
            assertNotEquals(k, new RecoveryTracker.Key(c[0] + 1, c[1], c[2], (int) c[3], c[4]));
            assertNotEquals(k, new RecoveryTracker.Key(c[0], c[1] + 1, c[2], (int) c[3], c[4]));
            assertNotEquals(k, new RecoveryTracker.Key(c[0], c[1], c[2] + 1, (int) c[3], c[4]));
            assertNotEquals(k, new RecoveryTracker.Key(c[0], c[1], c[2], (int) c[3] + 1, c[4]));
            assertNotEquals(k, new RecoveryTracker.Key(c[0], c[1], c[2], (int) c[3], c[4] + 1));
        }
    }
}
