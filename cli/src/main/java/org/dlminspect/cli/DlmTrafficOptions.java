package org.dlminspect.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.dlminspect.pipeline.DissectorOptions;
import org.dlminspect.tcp.ReassemblyLimits;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What counts as DLM traffic and how much TCP data may be held: the same options for files and live capture. */
public final class DlmTrafficOptions {
    @Option(names = {"-p", "--port"}, paramLabel = "PORT", split = ",",
            description = "TCP port(s) carrying DLM. A plain number replaces the default 21064; +N adds to it (e.g. --port +21065). Repeatable.")
    List<String> ports = new ArrayList<>();

    @Option(names = "--max-out-of-order", paramLabel = "BYTES",
            description = "Bytes of out-of-order TCP data held per direction before giving up on the hole (default: ${DEFAULT-VALUE}).")
    int maxOutOfOrder = ReassemblyLimits.defaults().maxHeldBytesPerDirection();

    @Mixin
    SctpChecksumOption sctpChecksum = new SctpChecksumOption();

    /** The DLM ports in the order given, the default 21064 included unless replaced. */
    Set<Integer> portSet() {
        Set<Integer> set = new LinkedHashSet<>();
        boolean replace = false;
        for (String p : ports) {
            String t = p.trim();
            boolean add = t.startsWith("+");
            set.add(parsePort(add ? t.substring(1) : t));
            if (!add) {
                replace = true;
            }
        }
        if (!replace) {
            set.add(DissectorOptions.DLM_TCP_PORT);
        }
        return set;
    }

    DissectorOptions dissectorOptions() {
        Set<Integer> set = portSet();
        if (maxOutOfOrder < 0) {
            throw new UsageError("--max-out-of-order must not be negative");
        }
        ReassemblyLimits d = ReassemblyLimits.defaults();
        return sctpChecksum.apply(DissectorOptions.withPorts(set).withLimits(d.withMaxHeldBytesPerDirection(maxOutOfOrder)));
    }

    private static int parsePort(String s) {
        try {
            int p = Integer.parseInt(s);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new UsageError("not a TCP port: " + s);
        }
    }
}
