package org.dlminspect.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.dlminspect.dlm.DlmFields;
import org.dlminspect.filter.DisplayFilter;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.MessageFields;
import org.dlminspect.schema.FieldDef;
import org.dlminspect.schema.FieldValues;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The display filter ({@code -Y}) over every message of the real sample, decoded beforehand: gathering the
 * fields the filter reads (a walk of the decoded message when it reads a DLM field) and testing it. Scores are
 * per pass; divide by the sample's messages (32,832 in normal) for the cost per message.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class FilterBenchmarks {
    private final Sample sample = Sample.NORMAL;

    @Param({
        "tcp.stream == 0",
        "dlm.cmd == ACK",
        "dlm.msg.type == GRANT",
        "dlm.msg.type in {GRANT BAST} && ip.addr == 10.99.0.0/24 || dlm.msg.name contains \"hot\"",
        "dlm.msg.exflags & VALBLK",
        "dlm.msg.lkid == dlm.msg.remid",
        "len(dlm.msg.name) > 5 && dlm.msg.name[0:3] == \"hot\"",
    })
    public String expression;

    private DisplayFilter filter;
    private FieldValues values;
    private boolean decode;

    @Setup
    public void compile() {
        filter = DisplayFilter.compile(expression);
        values = new FieldValues(filter.fields());
        for (FieldDef f : filter.fields()) {
            decode |= DlmFields.all().contains(f.parent() != null ? f.parent() : f);
        }
    }

    /** Gather the fields and test the filter, for every message: the cost {@code -Y} adds. */
    @Benchmark
    public int filter() {
        int n = 0;
        long first = sample.messages[0].epochNanos();
        for (DissectedMessage m : sample.messages) {
            values.clear();
            MessageFields.collect(m, first, -1, values, decode);
            if (filter.matches(values)) n++;
        }
        return n;
    }
}
