package org.dlminspect.sctp;

/**
 * Which association and direction a packet's (source port, destination port, verification tag) names: an open
 * addressing hash table on the three packed in one {@code long} (16 + 16 + 32 bits), so that looking a packet up
 * allocates nothing (a record or a boxed key per packet would). Linear probing with backward-shift deletion.
 */
final class TagIndex {
    private long[] keys = new long[16];
    private SctpAssociations.Side[] values = new SctpAssociations.Side[16];
    private int size;

    static long key(int sourcePort, int destinationPort, long tag) {
        return ((long) sourcePort << 48) | ((long) destinationPort << 32) | (tag & 0xFFFFFFFFL);
    }

    SctpAssociations.Side get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) return values[i];
        }
        return null;
    }

    void put(long key, SctpAssociations.Side value) {
        if ((size + 1) * 2 > keys.length) grow();
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (values[i] != null && keys[i] != key) i = (i + 1) & mask;
        if (values[i] == null) size++;
        keys[i] = key;
        values[i] = value;
    }

    /** Removes every key of association {@code a}. */
    void removeAssociation(SctpAssociation a) {
        int i = 0;
        while (i < keys.length) {
            if (values[i] != null && values[i].association() == a) {
                delete(i); // the entry shifted into slot i is looked at next
            } else {
                i++;
            }
        }
    }

    private void delete(int hole) {
        int mask = keys.length - 1;
        values[hole] = null;
        size--;
        // Backward shift: move up the entries of the probe run after the hole whose home slot is not after it.
        for (int i = (hole + 1) & mask; values[i] != null; i = (i + 1) & mask) {
            int home = slot(keys[i], mask);
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                keys[hole] = keys[i];
                values[hole] = values[i];
                values[i] = null;
                hole = i;
            }
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        SctpAssociations.Side[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new SctpAssociations.Side[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) put(oldKeys[i], oldValues[i]);
        }
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
