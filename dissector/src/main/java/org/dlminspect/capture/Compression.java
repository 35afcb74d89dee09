package org.dlminspect.capture;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The compressions a capture may come in, told apart by their magic numbers. Each decoder reads every
 * concatenated member, stream or frame (what {@code cat a.gz b.gz}, {@code pigz}, {@code xz -T},
 * {@code zstd} and {@code lz4} of several inputs make). Pure Java throughout: gzip with the JDK's
 * inflater ({@link GzipMembers}), xz with XZ for Java (org.tukaani), bzip2 and LZ4 frames with Apache
 * Commons Compress, zstd with aircompressor.
 */
enum Compression {
    NONE("", new int[0]),
    /** RFC 1952 ID1 ID2. */
    GZIP("gzip", new int[] {0x1F, 0x8B}),
    /** RFC 8878 §3.1.1 frame magic 0xFD2FB528, little-endian. */
    ZSTD("zstd", new int[] {0x28, 0xB5, 0x2F, 0xFD}),
    /** xz file format §2.1.1.1 header magic. */
    XZ("xz", new int[] {0xFD, '7', 'z', 'X', 'Z', 0x00}),
    /** LZ4 frame format magic 0x184D2204, little-endian. */
    LZ4("lz4", new int[] {0x04, 0x22, 0x4D, 0x18}),
    /** "BZh" then the block size digit. */
    BZIP2("bzip2", new int[] {'B', 'Z', 'h'});

    /** Bytes to look at to tell them apart. */
    static final int MAGIC_LENGTH = 6;

    private final String label;
    private final int[] magic;

    Compression(String label, int[] magic) {
        this.label = label;
        this.magic = magic;
    }

    /** Its name in a format ("pcap+zstd") and in messages. */
    String label() {
        return label;
    }

    /** The compression whose magic {@code first} starts with, or NONE. */
    static Compression detect(byte[] first, int length) {
        for (Compression c : values()) {
            if (c != NONE && c.matches(first, length)) return c;
        }
        return NONE;
    }

    private boolean matches(byte[] first, int length) {
        if (length < magic.length) return false;
        for (int i = 0; i < magic.length; i++) {
            if ((first[i] & 0xFF) != magic[i]) return false;
        }
        return this != BZIP2 || (first[3] >= '1' && first[3] <= '9');
    }

    /**
     * The decompressed stream. Problems of the compressed data surface as {@link EOFException} (the
     * input ends inside it) or {@link ZipException} (corrupt), whatever the decoder: {@link ByteSource}
     * reports those as bad input, not as I/O failures of the machine.
     */
    InputStream open(InputStream raw) throws IOException {
        RawInput guarded = new RawInput(raw);
        InputStream decoder = switch (this) {
            case NONE -> raw;
            case GZIP -> CompressedData.guard(guarded, () -> new GzipMembers(guarded));
            case ZSTD -> CompressedData.guard(guarded, () -> new io.airlift.compress.zstd.ZstdInputStream(guarded));
            case XZ -> CompressedData.guard(guarded, () -> new XZInputStream(guarded));
            case LZ4 -> CompressedData.guard(guarded, () -> new FramedLZ4CompressorInputStream(guarded, true));
            case BZIP2 -> CompressedData.guard(guarded, () -> new BZip2CompressorInputStream(guarded, true));
        };
        return this == NONE ? decoder : new CompressedData(decoder, guarded, label);
    }
}
