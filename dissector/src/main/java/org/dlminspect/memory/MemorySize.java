package org.dlminspect.memory;

import java.util.Locale;

/** Sizes as a person writes them: {@code 256M}, {@code 1g}, {@code 64MiB}, {@code 1048576} (binary units). */
public final class MemorySize {
    private MemorySize() {
    }

    /**
     * Parses {@code text}: a whole number of bytes, optionally followed by k, m, g or t (with or without
     * "B", "iB"), each 1024 times the one before.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static long parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ib")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("b")) {
            t = t.substring(0, t.length() - 1);
        }
        int shift = 0;
        if (!t.isEmpty()) {
            int unit = "kmgt".indexOf(t.charAt(t.length() - 1));
            if (unit >= 0) {
                shift = 10 * (unit + 1);
                t = t.substring(0, t.length() - 1);
            }
        }
        if (t.isEmpty() || !t.chars().allMatch(c -> c >= '0' && c <= '9') || t.length() > 15) {
            throw new IllegalArgumentException("not a size: '" + text + "' (examples: 256M, 1G, 65536K)");
        }
        long n = Long.parseLong(t);
        if (n > (Long.MAX_VALUE >> shift) / 4) {
            throw new IllegalArgumentException("size too large: '" + text + "'");
        }
        return n << shift;
    }

    /** {@code bytes} in the largest binary unit that shows it without a fraction, or one decimal: 256 MiB, 1.5 GiB. */
    public static String format(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        double v = bytes;
        while (u < units.length - 1 && v >= 1024) {
            v /= 1024;
            u++;
        }
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%d %s", (long) v, units[u])
                : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
