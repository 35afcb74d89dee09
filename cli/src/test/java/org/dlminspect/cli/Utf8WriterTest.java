package org.dlminspect.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Utf8Writer writes the bytes OutputStreamWriter(UTF-8) writes, whatever the mix of calls and buffer size. */
class Utf8WriterTest {
    private static final List<String> PIECES = List.of("     68    1.664378   0 10.99.0.1:21064 (1)", " → ", "plain ascii",
            "é", "ß€", "\uD83D\uDE00", "name=\"hot005\"", "\n", "\uD800", "x\uDC00y", "\u2192\u2192");

    private static byte[] viaJdk(List<String> parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            for (String p : parts) w.write(p);
        }
        return out.toByteArray();
    }

    private static byte[] viaUtf8Writer(List<String> parts, int bufferSize, int mode) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Writer w = new Utf8Writer(out, bufferSize)) {
            for (String p : parts) {
                switch (mode) {
                    case 0 -> w.write(p);
                    case 1 -> w.append(new StringBuilder(p));
                    case 2 -> w.write(p.toCharArray(), 0, p.length());
                    default -> {
                        for (int i = 0; i < p.length(); i++) w.write(p.charAt(i));
                    }
                }
            }
        }
        return out.toByteArray();
    }

    @Test
    void sameBytesAsTheJdkEncoderForEveryWayOfWriting() throws IOException {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            List<String> parts = new java.util.ArrayList<>();
            for (int i = 0, n = random.nextInt(40); i < n; i++) parts.add(PIECES.get(random.nextInt(PIECES.size())));
            byte[] expected = viaJdk(parts);
            for (int size : new int[] {16, 17, 64, 1 << 16}) {
                for (int mode = 0; mode < 4; mode++) {
                    assertArrayEquals(expected, viaUtf8Writer(parts, size, mode), parts + " size " + size + " mode " + mode);
                }
            }
        }
    }

    @Test
    void longLinesAcrossManyBuffers() throws IOException {
        String line = "x".repeat(1000) + " → " + "\uD83D\uDE00".repeat(300) + "\n";
        List<String> parts = List.of(line, line, line);
        for (int mode = 0; mode < 4; mode++) {
            assertArrayEquals(viaJdk(parts), viaUtf8Writer(parts, 64, mode));
        }
    }
}
