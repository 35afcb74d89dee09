package org.dlminspect.cli.render;

import org.dlminspect.Severity;

/** ANSI styling, or none. Packet text never goes through here unescaped. */
public final class Ansi {
    /** What {@link #dim} writes before and after its text. */
    public static final String DIM = "\u001b[2m";
    public static final String RESET = "\u001b[0m";

    private final boolean enabled;

    public Ansi(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    public String severity(Severity s, String text) {
        if (!enabled) {
            return text;
        }
        String code = switch (s) {
            case ERROR -> "1;31";
            case WARN -> "33";
            case NOTE -> "36";
            case CHAT -> "2";
        };
        return "\u001b[" + code + "m" + text + "\u001b[0m";
    }

    public String bold(String text) {
        return enabled ? "\u001b[1m" + text + "\u001b[0m" : text;
    }

    public String dim(String text) {
        return enabled ? DIM + text + RESET : text;
    }
}
