package org.dlminspect.net;

/**
 * An IPv4 or IPv6 address as two longs, cheap to hash and compare. IPv4 addresses have
 * {@code high == 0} and the address in the low 32 bits of {@code low}, with {@code v6 == false}.
 */
public record IpAddress(long high, long low, boolean v6) implements Comparable<IpAddress> {
    // equals and hashCode written out, with the values the record's own would have (its hash: 31 * h + each
    // component's, in order), so that hash maps keep their order: the generated ones run a method-handle chain
    // per call, slow under C1 (the launcher's JIT for short runs) on this per-message key.
    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress a && a.high == high && a.low == low && a.v6 == v6;
    }

    @Override
    public int hashCode() {
        return (31 * Long.hashCode(high) + Long.hashCode(low)) * 31 + Boolean.hashCode(v6);
    }


    public static IpAddress ipv4(int address) {
        return new IpAddress(0, address & 0xFFFFFFFFL, false);
    }

    public static IpAddress ipv4(byte[] b, int off) {
        return ipv4(((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF));
    }

    public static IpAddress ipv6(byte[] b, int off) {
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (b[off + i] & 0xFF);
            lo = (lo << 8) | (b[off + 8 + i] & 0xFF);
        }
        return new IpAddress(hi, lo, true);
    }

    /** Parses dotted IPv4 or colon IPv6 text (for filters and tests). */
    public static IpAddress parse(String text) {
        try {
            byte[] b = java.net.InetAddress.getByName(text).getAddress();
            return b.length == 4 ? ipv4(b, 0) : ipv6(b, 0);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + text, e);
        }
    }

    @Override
    public int compareTo(IpAddress o) {
        int c = Boolean.compare(v6, o.v6);
        if (c == 0) c = Long.compareUnsigned(high, o.high);
        if (c == 0) c = Long.compareUnsigned(low, o.low);
        return c;
    }

    @Override
    public String toString() {
        if (!v6) {
            return ((low >>> 24) & 0xFF) + "." + ((low >>> 16) & 0xFF) + "." + ((low >>> 8) & 0xFF) + "." + (low & 0xFF);
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
            b[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        try {
            String s = java.net.InetAddress.getByAddress(b).getHostAddress();
            return compressV6(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** RFC 5952 style: the longest run of zero groups becomes "::". */
    private static String compressV6(String full) {
        String[] g = full.split(":");
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < g.length; ) {
            if (g[i].equals("0")) {
                int j = i;
                while (j < g.length && g[j].equals("0")) j++;
                if (j - i > bestLen && j - i > 1) { bestStart = i; bestLen = j - i; }
                i = j;
            } else {
                i++;
            }
        }
        if (bestStart < 0) return full;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bestStart; i++) { if (i > 0) sb.append(':'); sb.append(g[i]); }
        sb.append("::");
        for (int i = bestStart + bestLen; i < g.length; i++) { sb.append(g[i]); if (i < g.length - 1) sb.append(':'); }
        return sb.toString();
    }
}
