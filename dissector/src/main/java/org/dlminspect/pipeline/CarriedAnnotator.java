package org.dlminspect.pipeline;

/**
 * An annotator whose work can run on the Dissector's thread while the listeners run on the second one: it
 * derives something from every message, in capture order ({@link #annotate}), and the listeners' side is told
 * that result ({@link #show}) just before the display filter and the listeners see the same message. The lock
 * analysis's links of {@code read} are one: computing them is a fifth of the rendering thread's work, which
 * the reading thread, less busy, can take over.
 *
 * <p>With one thread the two calls follow each other for every message. With two, {@link #annotate} runs on
 * the Dissector's thread (ahead of the listeners by up to a few batches) and {@link #show} on the listeners'
 * thread, with the value {@link #annotate} returned for that message: so {@link #annotate} must keep
 * whatever it returns unchanged afterwards, and must not share state with {@link #show} (they may run at the
 * same time); {@link #show} must only remember the value for the listeners.
 *
 * @param <T> what the annotation of one message is (null allowed)
 */
public interface CarriedAnnotator<T> {
    /** Called with every message, in capture order, before the display filter asks about it. */
    T annotate(DissectedMessage message);

    /** Called on the listeners' thread with {@link #annotate}'s result, just before they see that message. */
    void show(T annotation);
}
