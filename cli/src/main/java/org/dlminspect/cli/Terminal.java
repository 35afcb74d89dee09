package org.dlminspect.cli;

/**
 * What the output streams are connected to. The launcher script knows whether stdout and stderr
 * are terminals ({@code test -t}) and passes it in the environment, because Java cannot tell
 * for stderr and {@code System.console()} also depends on stdin.
 */
public final class Terminal {
    public enum ColorMode { AUTO, ALWAYS, NEVER }

    private Terminal() { }

    public static boolean stdoutIsTerminal() {
        String v = System.getenv("DLM_INSPECT_STDOUT_TTY");
        return v != null ? v.equals("1") : System.console() != null;
    }

    public static boolean stderrIsTerminal() {
        String v = System.getenv("DLM_INSPECT_STDERR_TTY");
        return v != null ? v.equals("1") : System.console() != null;
    }

    /** Colour on stdout: never with NO_COLOR set (any value, per no-color.org), else as asked or when stdout is a terminal. */
    public static boolean useColor(ColorMode mode) {
        String noColor = System.getenv("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) {
            return false;
        }
        return switch (mode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> stdoutIsTerminal() && !"dumb".equals(System.getenv("TERM"));
        };
    }
}
