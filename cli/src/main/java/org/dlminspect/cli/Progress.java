package org.dlminspect.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * A progress bar on stderr while a file is read, only when stderr is a terminal: a pipe or a
 * log file gets silence. Counts the bytes the reader has pulled from the file.
 */
public final class Progress extends FilterInputStream {
    private static final long REDRAW_NANOS = 200_000_000L;
    private final PrintStream err;
    private final long total;
    private final boolean enabled;
    private long read;
    private long lastDraw = System.nanoTime();
    private boolean drawn;

    /** Where the bytes of several inputs are counted together (one bar for all), or null. */
    private final Progress shared;

    public Progress(InputStream in, long totalBytes, PrintStream err, boolean enabled) {
        this(in, totalBytes, err, enabled, null);
    }

    /** @param shared a bar that counts this stream's bytes too (several inputs read at once), or null */
    public Progress(InputStream in, long totalBytes, PrintStream err, boolean enabled, Progress shared) {
        super(in);
        this.shared = shared;
        this.total = totalBytes;
        this.err = err;
        this.enabled = enabled && totalBytes > 0;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) advance(1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) advance(n);
        return n;
    }

    private void advance(long n) {
        read += n;
        if (shared != null) shared.advance(n);
        if (!enabled) return;
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw();
        }
    }

    private void draw() {
        int pct = (int) Math.min(100, read * 100 / total);
        int width = 30;
        int filled = pct * width / 100;
        StringBuilder sb = new StringBuilder("\r[");
        for (int i = 0; i < width; i++) sb.append(i < filled ? '#' : ' ');
        sb.append("] ").append(pct).append("% ").append(read >> 20).append('/').append(total >> 20).append(" MiB");
        err.print(sb);
        err.flush();
        drawn = true;
    }

    /** Clears the bar so that the report that follows starts on a clean line. */
    public void done() {
        if (drawn) {
            err.print("\r\u001b[K");
            err.flush();
            drawn = false;
        }
    }
}
