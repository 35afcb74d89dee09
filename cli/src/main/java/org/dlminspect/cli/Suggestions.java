package org.dlminspect.cli;

import java.util.Collection;
import java.util.Locale;

/** "did you mean ...?" for a mistyped command: the closest name by edit distance, if it is close. */
final class Suggestions {
    private Suggestions() { }

    static String unknownCommand(String typed, Collection<String> commands) {
        String best = closest(typed, commands);
        return "unknown command '" + typed + "'" + (best != null ? "; did you mean '" + best + "'?"
                : " (commands: " + String.join(", ", commands) + ")");
    }

    /** The candidate nearest to {@code typed}, when at most a third of it (and at least one letter) differs. */
    static String closest(String typed, Collection<String> candidates) {
        String t = typed.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = c.startsWith(t) && !t.isEmpty() ? 0 : distance(t, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best != null && bestDistance <= Math.max(1, best.length() / 3) ? best : null;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours ("raed"). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
