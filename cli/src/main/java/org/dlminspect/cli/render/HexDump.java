package org.dlminspect.cli.render;

import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;

/**
 * {@code -x}: a message's bytes as tshark prints a packet's, 16 a line: offset, hex, and the printable
 * ASCII characters (0x20-0x7e; anything else is a dot, so no byte can reach the terminal as a control).
 */
public final class HexDump {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private HexDump() { }

    /** Writes the dump of {@code bytes} from 0 to its limit, then an empty line. */
    public static void write(Writer out, ByteBuffer bytes) throws IOException {
        int n = bytes.limit();
        StringBuilder sb = new StringBuilder(n * 5 + 16);
        for (int line = 0; line < n; line += 16) {
            sb.append(HEX[(line >>> 12) & 15]).append(HEX[(line >>> 8) & 15]).append(HEX[(line >>> 4) & 15]).append(HEX[line & 15]);
            sb.append("  ");
            for (int i = 0; i < 16; i++) {
                if (line + i < n) {
                    int b = bytes.get(line + i) & 0xFF;
                    sb.append(HEX[b >>> 4]).append(HEX[b & 15]).append(' ');
                } else {
                    sb.append("   ");
                }
            }
            sb.append("  ");
            for (int i = 0; i < 16 && line + i < n; i++) {
                int b = bytes.get(line + i) & 0xFF;
                sb.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
            }
            sb.append('\n');
        }
        sb.append('\n');
        out.write(sb.toString());
    }
}
