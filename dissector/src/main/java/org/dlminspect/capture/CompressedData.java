package org.dlminspect.capture;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;

/**
 * Around a decoder: failures of the machine (reading the raw input) pass as they are; everything else
 * the decoder throws — its own exceptions, unchecked ones included — is bad compressed data, made an
 * {@link EOFException} when the raw input had ended (cut short) or a {@link ZipException} (corrupt).
 */
final class CompressedData extends FilterInputStream {
    private final RawInput raw;
    private final String label;

    CompressedData(InputStream decoder, RawInput raw, String label) {
        super(decoder);
        this.raw = raw;
        this.label = label;
    }

    interface Opener {
        InputStream open() throws IOException;
    }

    /** Opens the decoder (which reads the stream's header) with the same translation of its failures. */
    static InputStream guard(RawInput raw, Opener opener) throws IOException {
        try {
            return opener.open();
        } catch (IOException | RuntimeException e) {
            throw translate(e, raw);
        }
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException | RuntimeException e) {
            throw translate(e, raw);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (IOException | RuntimeException e) {
            throw translate(e, raw);
        }
    }

    @Override
    public int available() {
        return 0;
    }

    String label() {
        return label;
    }

    private static IOException translate(Exception e, RawInput raw) {
        if (e instanceof RawInput.Failure f) return f.getCause();
        if (e instanceof ZipException z) return z;
        String detail = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        if (e instanceof EOFException eof) {
            return eof.getMessage() != null ? eof : new EOFException("the compressed data ends early");
        }
        if (raw.ended()) {
            EOFException eof = new EOFException(detail);
            eof.initCause(e);
            return eof;
        }
        ZipException z = new ZipException(detail);
        z.initCause(e);
        return z;
    }
}
