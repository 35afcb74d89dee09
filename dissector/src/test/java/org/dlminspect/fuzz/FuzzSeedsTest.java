package org.dlminspect.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.dlm.DlmMessage;
import org.dlminspect.dlm.DlmOpts;
import org.dlminspect.dlm.DlmPdu;
import org.dlminspect.dlm.DlmRcom;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;
import org.junit.jupiter.api.Test;

/** The committed seed corpus is exactly what {@link FuzzSeeds} writes, and it reaches every message type. */
class FuzzSeedsTest {
    /** The repository root, seen from the module directory the tests run in. */
    private static final Path ROOT = Path.of("..");

    @Test
    void committedSeedsAreWhatFuzzSeedsWrites() throws IOException {
        Map<String, byte[]> seeds = FuzzSeeds.all(ROOT.resolve("samples/normal.pcap.gz"));
        assertTrue(seeds.size() > 60, "seeds " + seeds.size());
        Set<Path> dirs = new TreeSet<>();
        for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
            Path file = ROOT.resolve(e.getKey());
            assertTrue(Files.isRegularFile(file), file + " is missing: run FuzzSeeds (docs/fuzzing.md)");
            assertArrayEquals(e.getValue(), Files.readAllBytes(file), file + " differs from what FuzzSeeds writes");
            dirs.add(file.getParent());
        }
        for (Path dir : dirs) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String name = f.getFileName().toString();
                    assertTrue(name.startsWith("crash-") || name.startsWith("corpus-")
                            || seeds.containsKey(ROOT.relativize(f).toString()),
                            f + " is neither a seed FuzzSeeds writes, nor a crash input, nor a kept corpus input");
                }
            }
        }
    }

    @Test
    void captureSeedsCarryEveryDlmMessageAndRcomType() throws IOException {
        Set<String> types = new TreeSet<>();
        List<String> empty = new ArrayList<>();
        Path dir = ROOT.resolve("dissector/src/test/resources/org/dlminspect/fuzz/DissectorFuzzTestInputs/dissect");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.getFileName().toString().startsWith("seed-"))::iterator) {
                long[] messages = new long[1];
                DissectionListener l = new DissectionListener() {
                    @Override
                    public void onMessage(DissectedMessage m) {
                        messages[0]++;
                        DlmPdu p = m.pdu() instanceof DlmOpts o && o.inner() != null ? o.inner() : m.pdu();
                        if (p instanceof DlmMessage msg && !msg.truncated() && msg.type() >= 1 && msg.type() <= 14) {
                            types.add("MSG " + msg.type());
                        } else if (p instanceof DlmRcom r && !r.truncated() && r.type() >= 1 && r.type() <= 8) {
                            types.add("RCOM " + r.type());
                        }
                    }
                };
                try (CaptureReader r = CaptureFiles.open(f, d -> { })) {
                    new Dissector(DissectorOptions.defaults(), l).run(r);
                }
                if (messages[0] == 0) {
                    empty.add(f.getFileName().toString());
                }
            }
        }
        assertEquals(List.of(), empty, "capture seeds without a DLM message");
        assertEquals(22, types.size(), "14 DLM_MSG and 8 DLM_RCOM types: " + types);
    }
}
