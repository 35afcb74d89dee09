package org.dlminspect.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.MemoryBudget;

/**
 * The one place the dissection pipeline is put together, for {@code read}, {@code analyze} and {@code live}:
 *
 * <pre>
 *   reader → frame stages → Dissector → annotators → display filter → limit → listeners
 * </pre>
 *
 * <ul>
 *   <li><b>Frame stages</b> ({@link #frames}) wrap the frame stream before dissection, in the order added
 *       (time ordering, merging several inputs).
 *   <li><b>Listeners</b> receive the Dissector's events in the order added (renderers before the analysis, so
 *       that a finding follows the message it concerns). {@link #listener} gets every message; {@link #filtered}
 *       only those that pass the {@linkplain #displayFilter display filter} and the {@linkplain #limit limit};
 *       both get every frame, TCP event, diagnostic and the end.
 *   <li><b>Annotators</b> ({@link #annotator}) see every message, in capture order, before the display filter,
 *       on the thread of the non-inline listeners: they derive context that the filter and the renderers read
 *       for the same message. A {@link CarriedAnnotator} (the request/response links of the lock analysis,
 *       {@code dlm.lock.*}) runs on the Dissector's thread instead, its result carried with the message.
 *   <li><b>Threads</b>: listeners added with {@code inline} run on the Dissector's thread (they need the frame
 *       bytes, e.g. {@code -w}, or must be in step with the reader); the others run on a second thread when
 *       {@link #secondThread(boolean)} asks for it ({@link BackgroundListener}), on the same thread otherwise.
 *       The output is the same either way.
 * </ul>
 *
 * To add a stage: a {@link DissectionListener} (or a frame stage) and one call here, from the command's options.
 */
public final class PipelineBuilder {
    private final DissectorOptions options;
    private final List<UnaryOperator<CaptureReader>> frameStages = new ArrayList<>();
    private final List<Stage> inline = new ArrayList<>();
    private final List<Stage> listeners = new ArrayList<>();
    private final List<Consumer<DissectedMessage>> annotators = new ArrayList<>();
    private final List<CarriedAnnotator<?>> carried = new ArrayList<>();
    private boolean decodeBeforeHandOver;
    private Supplier<? extends Predicate<DissectedMessage>> displayFilter;
    private long limit;
    private boolean secondThread;
    private TimeOrderOptions timeOrder;
    private Account timeOrderAccount;
    private MemoryBudget budget;

    /** One listener and whether it sees only the messages that pass the filter. */
    record Stage(DissectionListener listener, boolean filtered) { }

    public PipelineBuilder(DissectorOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * The pipeline of the analysis commands ({@code analyze}, {@code locks}, {@code report}), before their stages:
     * frames in timestamp order within {@code order}'s window (latencies and sequence checks of a file out of order
     * would be wrong; its account "time-order" from {@code budget}), the diagnostics told to {@code diagnostics} on
     * the Dissector's thread (in frame order, also when the stages run on the second thread), and the
     * {@link #listener listeners} added next on a second thread when {@code secondThread}.
     */
    public static PipelineBuilder analysis(DissectorOptions options, MemoryBudget budget, TimeOrderOptions order,
            org.dlminspect.DiagnosticSink diagnostics, boolean secondThread) {
        Objects.requireNonNull(diagnostics, "diagnostics");
        return new PipelineBuilder(options)
                .secondThread(secondThread)
                .memory(budget)
                .inline(new DissectionListener() {
                    @Override
                    public void onDiagnostic(org.dlminspect.Diagnostic d) {
                        diagnostics.report(d);
                    }
                })
                .timeOrder(order, budget.account("time-order"));
    }

    /**
     * Put the frames in timestamp order within a bounded window before anything else ({@link TimeOrder}); what it
     * reordered reaches the listeners as a {@link CaptureOrder} stage event, before the end.
     */
    public PipelineBuilder timeOrder(TimeOrderOptions order, Account account) {
        this.timeOrder = Objects.requireNonNull(order, "order");
        this.timeOrderAccount = Objects.requireNonNull(account, "account");
        return this;
    }

    /** A stage over the frame stream before dissection (e.g. a time-ordering window); applied in the order added. */
    public PipelineBuilder frames(UnaryOperator<CaptureReader> stage) {
        frameStages.add(Objects.requireNonNull(stage, "stage"));
        return this;
    }

    /**
     * Which messages reach the {@link #filtered} listeners. A supplier, because each thread that has
     * filtered listeners gets its own instance (a filter may learn from the traffic, e.g. node ids): it is
     * called with every message, in order.
     */
    public PipelineBuilder displayFilter(Supplier<? extends Predicate<DissectedMessage>> filter) {
        this.displayFilter = Objects.requireNonNull(filter, "filter");
        return this;
    }

    /** Stop after this many messages passed the display filter ({@code read -c}); 0 for no limit. */
    public PipelineBuilder limit(long messages) {
        if (messages < 0) throw new IllegalArgumentException("negative limit " + messages);
        this.limit = messages;
        return this;
    }

    /**
     * The one memory budget of the run ({@code --memory-budget}); the Dissector charges it, and stages that
     * keep state take their accounts from the same budget. Default: {@link MemoryBudget#defaults()}.
     */
    public PipelineBuilder memory(MemoryBudget memoryBudget) {
        this.budget = Objects.requireNonNull(memoryBudget, "memoryBudget");
        return this;
    }

    /** The budget {@link #build} will use (set or default), for stages made before it. */
    public MemoryBudget memory() {
        if (budget == null) budget = MemoryBudget.defaults();
        return budget;
    }

    /** Run the non-inline listeners on a second thread. */
    public PipelineBuilder secondThread(boolean enabled) {
        this.secondThread = enabled;
        return this;
    }

    /**
     * An annotator: told of every message before the display filter asks about it, on the thread of the
     * non-inline listeners (the second thread if there is one), in the order added.
     */
    public PipelineBuilder annotator(Consumer<DissectedMessage> annotator) {
        annotators.add(Objects.requireNonNull(annotator, "annotator"));
        return this;
    }

    /**
     * An annotator whose work runs on the Dissector's thread when there is a second thread (its result carried
     * to the listeners' side with the message: {@link CarriedAnnotator}), to even out the two threads' work.
     * Carried annotators see each message before the {@link #annotator(Consumer) other annotators}, in the order added.
     */
    public PipelineBuilder annotator(CarriedAnnotator<?> annotator) {
        carried.add(Objects.requireNonNull(annotator, "annotator"));
        return this;
    }

    /**
     * With a second thread, decode every message's fields ({@link DissectedMessage#pdu()}) on the Dissector's
     * thread before the hand-over, for listeners that read every message's fields (the renderers of
     * {@code read}): the decode moves to the thread that has time for it. A message already decoded there (by
     * an inline listener or a carried annotator) is handed over decoded either way.
     */
    public PipelineBuilder decodeBeforeHandOver(boolean enabled) {
        this.decodeBeforeHandOver = enabled;
        return this;
    }

    /** A listener for every message, on the second thread if there is one. */
    public PipelineBuilder listener(DissectionListener listener) {
        listeners.add(new Stage(Objects.requireNonNull(listener, "listener"), false));
        return this;
    }

    /** A listener for the messages that pass the display filter, on the second thread if there is one. */
    public PipelineBuilder filtered(DissectionListener listener) {
        listeners.add(new Stage(Objects.requireNonNull(listener, "listener"), true));
        return this;
    }

    /** A listener for every message, on the Dissector's thread (frame bytes are available there). */
    public PipelineBuilder inline(DissectionListener listener) {
        inline.add(new Stage(Objects.requireNonNull(listener, "listener"), false));
        return this;
    }

    /** A listener for the messages that pass the display filter, on the Dissector's thread. */
    public PipelineBuilder inlineFiltered(DissectionListener listener) {
        inline.add(new Stage(Objects.requireNonNull(listener, "listener"), true));
        return this;
    }

    public Pipeline build() {
        LimitSignal stop = new LimitSignal();
        DissectionListener near = route(inline, stop, List.of());
        boolean handOver = secondThread && !listeners.isEmpty();
        List<Consumer<DissectedMessage>> farAnnotators = new ArrayList<>();
        // One thread: a carried annotator's two halves follow each other (two: BackgroundListener splits them).
        if (!handOver) for (CarriedAnnotator<?> a : carried) farAnnotators.add(inPlace(a));
        farAnnotators.addAll(annotators);
        DissectionListener far = route(listeners, stop, farAnnotators);
        BackgroundListener background = null;
        if (far != null && handOver) {
            background = new BackgroundListener(far, carried, decodeBeforeHandOver);
            far = background;
        }
        List<DissectionListener> all = new ArrayList<>(2);
        if (near != null) all.add(near);
        if (far != null) all.add(far);
        DissectionListener target = all.isEmpty() ? new DissectionListener() { } : FanOut.of(all.toArray(new DissectionListener[0]));
        Dissector dissector = new Dissector(options, target, memory());
        List<UnaryOperator<CaptureReader>> stages = new ArrayList<>(frameStages);
        Supplier<TimeOrder> liveOrder = null;
        if (timeOrder != null) {
            TimeOrderOptions order = timeOrder;
            Account account = timeOrderAccount;
            // first, before any other frame stage; it reports to the Dissector's listeners
            stages.add(0, r -> new TimeOrder(r, order, account, dissector::stageEvent));
            // for frames pushed one by one (live capture): the same window, frames offered instead of read
            liveOrder = () -> new TimeOrder(NO_FRAMES, order, account, dissector::stageEvent);
        }
        return new Pipeline(dissector, List.copyOf(stages), background, stop, liveOrder);
    }

    private static <T> Consumer<DissectedMessage> inPlace(CarriedAnnotator<T> a) {
        return m -> a.show(a.annotate(m));
    }

    private DissectionListener route(List<Stage> stages, LimitSignal stop, List<Consumer<DissectedMessage>> annotate) {
        if (stages.isEmpty()) return null;
        boolean anyFiltered = stages.stream().anyMatch(Stage::filtered);
        boolean filtering = anyFiltered && (displayFilter != null || limit > 0);
        if (!filtering && annotate.isEmpty()) {
            return FanOut.of(stages.stream().map(Stage::listener).toArray(DissectionListener[]::new));
        }
        Predicate<DissectedMessage> filter = displayFilter == null || !anyFiltered ? m -> true : displayFilter.get();
        if (!annotate.isEmpty()) {
            @SuppressWarnings("unchecked")
            Consumer<DissectedMessage>[] all = annotate.toArray(new Consumer[0]);
            Predicate<DissectedMessage> test = filter;
            filter = m -> {
                for (Consumer<DissectedMessage> a : all) a.accept(m); // an array: no iterator per message
                return test.test(m);
            };
        }
        return new FilteredFanOut(stages, filter, anyFiltered ? limit : 0, stop);
    }

    /** The source of the live time order: frames are offered to it, none is read. */
    private static final CaptureReader NO_FRAMES = new CaptureReader() {
        @Override
        public boolean next(org.dlminspect.capture.CaptureFrame frame) {
            return false;
        }

        @Override
        public String format() {
            return "live";
        }

        @Override
        public void close() {
            // nothing to close
        }
    };

    /** Set when the limit is reached on either thread; the reading loop stops at the next frame. */
    static final class LimitSignal {
        private volatile boolean reached;

        void reach() {
            reached = true;
        }

        boolean reached() {
            return reached;
        }
    }
}
