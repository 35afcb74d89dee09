package org.dlminspect.fuzz;

import org.dlminspect.Diagnostic;
import org.dlminspect.DiagnosticSink;

/**
 * Properties every fuzz target checks on what the dissector hands to a person: diagnostics are well
 * formed, and no text carries a control character that a terminal would act on.
 */
public final class FuzzChecks {
    private FuzzChecks() { }

    /**
     * The test resources' junit-platform.properties turn Jazzer's hooks off, which keeps regression runs
     * fast but also turns off the coverage instrumentation fuzzing needs. Fuzzing without
     * {@code -Djazzer.hooks=true} would mutate blindly: refuse to start instead.
     */
    public static void requireCoverageWhenFuzzing() {
        String fuzz = System.getenv("JAZZER_FUZZ");
        if (fuzz != null && !fuzz.isEmpty() && !"true".equals(System.getProperty("jazzer.hooks"))) {
            throw new IllegalStateException("JAZZER_FUZZ is set but -Djazzer.hooks=true is not: Jazzer would fuzz"
                    + " without coverage feedback (see docs/fuzzing.md)");
        }
    }

    /**
     * Fails when {@code text} holds a C0 control character (other than a newline when
     * {@code newlines} is true), DEL, or a C1 control character (U+0080..U+009F: 0x9B is a
     * one-byte CSI for terminals that honour 8-bit controls).
     */
    public static void assertTerminalSafe(String what, CharSequence text, boolean newlines) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' && newlines) {
                continue;
            }
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                int from = Math.max(0, i - 100);
                int to = Math.min(text.length(), i + 40);
                throw new AssertionError(what + " holds control character U+"
                        + Integer.toHexString(0x10000 | c).substring(1) + " at index " + i + ": "
                        + (from > 0 ? "…" : "") + visible(text.subSequence(from, to)) + (to < text.length() ? "…" : ""));
            }
        }
    }

    /** {@code text} with every control character shown as \\uXXXX, for failure messages. */
    public static String visible(CharSequence text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                sb.append("\\u").append(Integer.toHexString(0x10000 | c).substring(1));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Checks one diagnostic: a known severity, a dotted lower-case code, a one-line terminal-safe message. */
    public static void assertWellFormed(Diagnostic d) {
        if (d == null) {
            throw new AssertionError("null diagnostic");
        }
        if (d.severity() == null) {
            throw new AssertionError("diagnostic without severity: " + d);
        }
        if (d.frame() < 0) {
            throw new AssertionError("diagnostic with negative frame: " + d);
        }
        String code = d.code();
        if (code == null || code.isEmpty() || code.indexOf('.') <= 0 || code.endsWith(".")) {
            throw new AssertionError("diagnostic code is not dotted: " + d);
        }
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (!(c >= 'a' && c <= 'z') && c != '_' && c != '.' && !(c >= '0' && c <= '9')) {
                throw new AssertionError("diagnostic code holds '" + c + "': " + d);
            }
        }
        if (d.message() == null || d.message().isBlank()) {
            throw new AssertionError("diagnostic without message: " + code);
        }
        assertTerminalSafe("diagnostic " + code, d.message(), false);
    }

    /** A sink that checks every diagnostic and counts them. */
    public static final class CheckingSink implements DiagnosticSink {
        private long count;

        @Override
        public void report(Diagnostic diagnostic) {
            assertWellFormed(diagnostic);
            count++;
        }

        public long count() {
            return count;
        }
    }
}
