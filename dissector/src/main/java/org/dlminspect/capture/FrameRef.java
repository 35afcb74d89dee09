package org.dlminspect.capture;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A frame reference that says which input file a frame came from, packed in the {@code long} that every
 * stage already carries as "the frame" ({@link CaptureFrame#number()}, diagnostics, findings): bits 0-39
 * are the frame's number within its file (tshark's {@code frame.number} of that file), bits 40-55 the
 * file's index in the command line. The first file's references are its plain frame numbers, so one input
 * behaves exactly as before.
 *
 * <p>Text forms name the file by a short name ({@code node2:1234}) once {@link #useNames} has been given
 * the inputs' names; that is per-run display data, kept here because frame numbers reach text in every
 * stage (diagnostic and finding sentences) and none of them should need to know about files.
 */
public final class FrameRef {
    static final int FILE_SHIFT = 40;
    private static final long NUMBER_MASK = (1L << FILE_SHIFT) - 1;
    /** The most input files one run can merge. */
    public static final int MAX_FILES = 1 << 15;
    private static volatile String[] names;

    private FrameRef() { }

    /** The reference of frame {@code number} (1-based) of input file {@code file} (0-based). */
    public static long of(int file, long number) {
        if (file < 0 || file >= MAX_FILES) throw new IllegalArgumentException("file index out of range: " + file);
        return ((long) file << FILE_SHIFT) | (number & NUMBER_MASK);
    }

    /** The input file index of a reference (0 for a plain frame number). */
    public static int file(long ref) {
        return ref <= 0 ? 0 : (int) (ref >>> FILE_SHIFT);
    }

    /** The frame number within its file. */
    public static long number(long ref) {
        return ref <= 0 ? ref : ref & NUMBER_MASK;
    }

    /** The short name of the file a reference points into, or null when only one input is read. */
    public static String fileName(long ref) {
        String[] n = names;
        if (n == null || ref <= 0) return null;
        int f = file(ref);
        return f < n.length ? n[f] : "file" + (f + 1);
    }

    /** {@code 1234} with one input, {@code node2:1234} with several. */
    public static String text(long ref) {
        String name = fileName(ref);
        return name == null ? Long.toString(ref) : name + ":" + number(ref);
    }

    /** Columns a frame reference takes in a list: 7 digits, plus the longest name and its colon with several inputs. */
    public static int width() {
        String[] n = names;
        int longest = 0;
        if (n != null) for (String s : n) longest = Math.max(longest, s.length() + 1);
        return 7 + longest;
    }

    /** Whether the frames of this run come from several files (their references then carry names). */
    public static boolean named() {
        return names != null;
    }

    /**
     * Names the input files for the text forms of this run; null or a single name goes back to plain numbers.
     * The command line calls it once before reading and again with null at the end.
     */
    public static void useNames(List<String> shortNames) {
        names = shortNames == null || shortNames.size() < 2 ? null : shortNames.toArray(new String[0]);
    }

    /**
     * Short, unique names for input files: the file name without its directory and capture/compression
     * extensions, without the dot-, dash- or underscore-separated parts that all names share at the start and
     * at the end ({@code pernode3.node1.pcap}, {@code pernode3.node2.pcap} give {@code node1}, {@code node2}).
     * Standard input is {@code stdin}. Names that would still collide get {@code #N} (their position).
     */
    public static List<String> shortNames(List<String> paths) {
        List<List<String>> parts = new ArrayList<>();
        for (String p : paths) parts.add(split(base(p)));
        int common = 0;
        int commonEnd = 0;
        int min = parts.stream().mapToInt(List::size).min().orElse(0);
        while (paths.size() > 1 && common < min - 1 && sameAt(parts, common, false)) common++;
        while (paths.size() > 1 && commonEnd < min - 1 - common && sameAt(parts, commonEnd, true)) commonEnd++;
        List<String> out = new ArrayList<>();
        for (List<String> p : parts) out.add(String.join(".", p.subList(common, p.size() - commonEnd)));
        if (new HashSet<>(out).size() < out.size()) {
            out.clear();
            for (String p : paths) out.add(base(p));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < out.size(); i++) {
            if (!seen.add(out.get(i)) || out.get(i).isEmpty()) out.set(i, out.get(i) + "#" + (i + 1));
        }
        return out;
    }

    private static boolean sameAt(List<List<String>> parts, int index, boolean fromEnd) {
        String first = null;
        for (List<String> p : parts) {
            String s = p.get(fromEnd ? p.size() - 1 - index : index);
            if (first == null) first = s;
            else if (!first.equals(s)) return false;
        }
        return true;
    }

    private static List<String> split(String base) {
        List<String> out = new ArrayList<>();
        for (String s : base.split("[._-]")) if (!s.isEmpty()) out.add(s);
        if (out.isEmpty()) out.add(base);
        return out;
    }

    private static String base(String path) {
        if (path.equals("-")) return "stdin";
        String b = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
        String lower = b.toLowerCase(Locale.ROOT);
        for (String ext : new String[] {".gz", ".zst", ".xz", ".lz4", ".bz2"}) {
            if (lower.endsWith(ext)) {
                b = b.substring(0, b.length() - ext.length());
                lower = lower.substring(0, lower.length() - ext.length());
                break;
            }
        }
        for (String ext : new String[] {".pcapng", ".pcap", ".cap", ".ntar"}) {
            if (lower.endsWith(ext) && b.length() > ext.length()) return b.substring(0, b.length() - ext.length());
        }
        return b;
    }
}
