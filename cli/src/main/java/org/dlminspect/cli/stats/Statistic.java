package org.dlminspect.cli.stats;

import java.io.IOException;
import java.io.Writer;
import org.dlminspect.pipeline.DissectionListener;

/**
 * One {@code -z} statistic: it sees the pipeline's events as a listener (every message, whatever the
 * display filter, as tshark's taps do) and prints its table when the input has ended.
 */
public interface Statistic extends DissectionListener {
    void write(Writer out) throws IOException;

    /** The 80-column rule tshark draws above and below each statistic. */
    String RULE = "=".repeat(80) + "\n";
}
