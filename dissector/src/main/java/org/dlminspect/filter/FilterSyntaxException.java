package org.dlminspect.filter;

/**
 * A display filter that cannot be compiled. The message is one line naming the 1-based column and what was
 * expected there ("unknown field 'dlm.msg.typ' at 1; did you mean dlm.msg.type?").
 */
public final class FilterSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int position;

    FilterSyntaxException(String message, int position) {
        super(message);
        this.position = position;
    }

    /** 1-based column of the problem in the filter text. */
    public int position() {
        return position;
    }
}
