package org.dlminspect.analysis;

/** An inclusive range of midcomms sequence numbers (first == last for one). */
public record SeqRange(long first, long last) {
    @Override
    public String toString() {
        return first == last ? Long.toString(first) : first + ".." + last;
    }
}
