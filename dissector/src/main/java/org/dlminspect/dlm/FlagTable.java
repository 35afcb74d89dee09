package org.dlminspect.dlm;

import java.util.EnumSet;
import org.dlminspect.schema.ValueNames;

/**
 * The bits and names of one flag enum, for describing a flag word from the wire: the one mechanism every
 * {@link FlagBit} enum uses, made once per enum class ({@link #of}) and shared by the decoder, the
 * {@code info()} lines and the field registry ({@link #valueNames}).
 */
public final class FlagTable<E extends Enum<E> & FlagBit> {
    private static final ClassValue<FlagTable<?>> TABLES = new ClassValue<>() {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        protected FlagTable<?> computeValue(Class<?> type) {
            return new FlagTable(type);
        }
    };

    private final Class<E> type;
    private final E[] constants;
    private final long[] bits;
    private final long known;
    private final ValueNames valueNames;

    private FlagTable(Class<E> type) {
        this.type = type;
        this.constants = type.getEnumConstants();
        this.bits = new long[constants.length];
        long all = 0;
        for (int i = 0; i < constants.length; i++) {
            bits[i] = Integer.toUnsignedLong(constants[i].bit());
            all |= bits[i];
        }
        this.known = all;
        this.valueNames = ValueNames.ofBits(type, e -> Integer.toUnsignedLong(e.bit()), this::describe);
    }

    /** The table of a flag enum (made on first use, then shared). */
    @SuppressWarnings("unchecked")
    public static <E extends Enum<E> & FlagBit> FlagTable<E> of(Class<E> type) {
        return (FlagTable<E>) TABLES.get(type);
    }

    /**
     * The names of the set bits joined with "|", in bit order; bits without a name are gathered into one
     * trailing {@code 0x..}. Zero gives the empty string.
     */
    public String describe(long value) {
        if (value == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder(32);
        long rest = value;
        for (int i = 0; i < bits.length; i++) {
            if ((value & bits[i]) != 0) {
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(constants[i].name());
                rest &= ~bits[i];
            }
        }
        if (rest != 0) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append(DlmText.hex(rest));
        }
        return sb.toString();
    }

    /** The known bits set in {@code value}. */
    public EnumSet<E> set(long value) {
        EnumSet<E> set = EnumSet.noneOf(type);
        for (int i = 0; i < constants.length; i++) {
            if ((value & bits[i]) != 0) {
                set.add(constants[i]);
            }
        }
        return set;
    }

    /** The bits of {@code value} that no constant names. */
    public long unknownBits(long value) {
        return value & ~known;
    }

    /** The bit names for the field registry: filters accept them, the renderers show a word with them. */
    public ValueNames valueNames() {
        return valueNames;
    }
}
