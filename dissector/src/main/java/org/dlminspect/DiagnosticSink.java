package org.dlminspect;

/** Receives {@link Diagnostic}s. Implementations must not throw. */
@FunctionalInterface
public interface DiagnosticSink {
    void report(Diagnostic diagnostic);

    DiagnosticSink IGNORE = d -> { };

    default void report(long frame, Severity severity, String code, String message) {
        report(new Diagnostic(frame, severity, code, message));
    }
}
