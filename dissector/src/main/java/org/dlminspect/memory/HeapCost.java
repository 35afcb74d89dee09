package org.dlminspect.memory;

/**
 * Estimates of what state costs on a 64-bit HotSpot heap with compressed oops (the JVM's default below 32 GB
 * of heap): object header 12 bytes, references 4 bytes, everything aligned to 8. Stages use these to charge
 * the {@link MemoryBudget} what their state really costs, not its payload length.
 */
public final class HeapCost {

    public static final int OBJECT_HEADER = 12;
    public static final int ARRAY_HEADER = 16;
    public static final int REFERENCE = 4;
    /** A HashMap entry (Node: header, hash, key, value, next) plus its share of the table. */
    public static final int HASH_ENTRY = 32 + 8;

    private HeapCost() {
    }

    public static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }

    /** An object with {@code fieldBytes} bytes of fields. */
    public static long object(long fieldBytes) {
        return align(OBJECT_HEADER + fieldBytes);
    }

    public static long byteArray(long length) {
        return align(ARRAY_HEADER + length);
    }

    public static long longArray(long length) {
        return align(ARRAY_HEADER + 8 * length);
    }

    public static long intArray(long length) {
        return align(ARRAY_HEADER + 4 * length);
    }

    public static long referenceArray(long length) {
        return align(ARRAY_HEADER + (long) REFERENCE * length);
    }
}
