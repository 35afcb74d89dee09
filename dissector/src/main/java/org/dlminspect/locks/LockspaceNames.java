package org.dlminspect.locks;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Lockspace ids to names. The kernel does not derive {@code h_lockspace} from the name: it takes
 * {@code ls_global_id} from userspace (sysfs {@code id}, fs/dlm/lockspace.c). dlm_controld writes there the
 * CRC-32 of {@code "dlm:ls:" + name} including the terminating NUL ({@code cpgname_to_crc}, reference §2.12), so
 * a candidate name is tried by computing that CRC. A candidate {@code NAME=ID} maps an id set by other means.
 */
public final class LockspaceNames {
    /**
     * Names in common use: clvmd's lockspace, lvmlockd's global lockspace, rgmanager's. lvmlockd's per-VG
     * lockspaces are {@code lvm_<vg name>}: give them with {@code --lockspace-name lvm_VG}.
     */
    public static final List<String> WELL_KNOWN = List.of("clvmd", "lvm_global", "rgmanager");

    private final Map<Long, String> byId = new HashMap<>();

    /** @throws IllegalArgumentException for a {@code NAME=ID} whose id is not a 32-bit number */
    public LockspaceNames(List<String> candidates) {
        for (String n : WELL_KNOWN) byId.put(globalId(n), n);
        for (String c : candidates) {
            int eq = c.lastIndexOf('=');
            if (eq > 0) {
                byId.put(parseId(c.substring(eq + 1)), c.substring(0, eq));
            } else {
                byId.put(globalId(c), c);
            }
        }
    }

    /** dlm_controld's id for {@code name}: CRC-32 (crc32_le(~0, ...) ^ ~0) of "dlm:ls:NAME\0". */
    public static long globalId(String name) {
        CRC32 crc = new CRC32();
        crc.update(("dlm:ls:" + name).getBytes(StandardCharsets.UTF_8));
        crc.update(0);
        return crc.getValue();
    }

    /** The name of lockspace {@code id}, or null. */
    public String nameOf(long id) {
        return byId.get(id);
    }

    private static long parseId(String text) {
        String t = text.trim();
        try {
            long v = t.startsWith("0x") || t.startsWith("0X") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
            if (v < 0 || v > 0xFFFFFFFFL) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("lockspace id '" + text + "' is not a 32-bit number (decimal or 0x...)");
        }
    }
}
