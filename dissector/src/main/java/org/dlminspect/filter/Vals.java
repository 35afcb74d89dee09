package org.dlminspect.filter;

import java.util.Arrays;

/**
 * The values a {@link Value} yields for one record, in order: numbers as {@code long}, everything else as an
 * object ({@code String}, {@code byte[]}, {@code IpAddress}), as {@link org.dlminspect.schema.FieldValues} keeps
 * them. Which of the two a slot holds follows from the value's {@link org.dlminspect.schema.FieldType}.
 */
final class Vals {
    private long[] numbers = new long[4];
    private Object[] objects = new Object[4];
    private int size;

    void add(long number) {
        grow();
        numbers[size++] = number;
    }

    void add(Object object) {
        grow();
        objects[size++] = object;
    }

    private void grow() {
        if (size == numbers.length) {
            numbers = Arrays.copyOf(numbers, size * 2);
            objects = Arrays.copyOf(objects, size * 2);
        }
    }

    int size() {
        return size;
    }

    long number(int i) {
        return numbers[i];
    }

    Object object(int i) {
        return objects[i];
    }
}
