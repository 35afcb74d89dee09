package org.dlminspect.filter;

/**
 * One token of a display filter.
 *
 * @param kind what it is
 * @param text the characters (a quoted string: its unescaped content)
 * @param pos  1-based column of its first character
 */
record Token(Kind kind, String text, int pos) {
    enum Kind {
        WORD, STRING, OP, LPAREN, RPAREN, LBRACE, RBRACE, COMMA, AND, OR, NOT, END,
        /** An arithmetic operator: {@code + - * / %} or the bitwise {@code &}. */
        ARITH,
        /** A slice: the text between {@code [} and {@code ]}. */
        SLICE
    }

    /** True for a word equal to {@code keyword}, ignoring case. */
    boolean is(String keyword) {
        return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    /** How the token is shown in an error message. */
    String shown() {
        return switch (kind) {
            case END -> "the end";
            case STRING -> "\"" + text + "\"";
            case SLICE -> "'[" + text + "]'";
            default -> "'" + text + "'";
        };
    }
}
