package org.dlminspect.cli;

import java.util.function.Predicate;
import org.dlminspect.pipeline.DissectedMessage;

/**
 * The hook between statistics that take a display filter ({@code -z io,stat,1,FILTER}) and the display
 * filter language of {@code -Y}: {@link #compile} turns the text into a predicate, or throws
 * IllegalArgumentException with the reason. Until the field registry's filter language is in, no
 * filter text is accepted; plugging it in is this one method.
 */
final class DisplayFilters {
    private DisplayFilters() { }

    static Predicate<DissectedMessage> compile(String expression) {
        throw new IllegalArgumentException("io,stat: display filters (" + expression
                + ") need the -Y filter language, which this build does not have yet");
    }
}
