package org.dlminspect.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a display filter into tokens, as Wireshark's scanner does for what applies here: operators
 * ({@code == != === !== ~= < <= > >= && || !}), arithmetic ({@code + * % &}, and {@code -} and {@code /} standing
 * alone between spaces), parentheses, braces, commas, slices ({@code [0:3]}), quoted strings with {@code \"},
 * {@code \\} and {@code \xNN} escapes, and words: everything else up to a space or an operator character
 * (field names, numbers, value names, addresses, CIDR blocks, {@code aa:bb} bytes, {@code 1..5} ranges, and so
 * {@code -11}, {@code -EAGAIN} and {@code 10.99.0.0/24} are words).
 */
final class Lexer {
    private Lexer() { }

    static List<Token> tokens(String text) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            int pos = i + 1;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                out.add(new Token(Token.Kind.LPAREN, "(", pos));
                i++;
            } else if (c == ')') {
                out.add(new Token(Token.Kind.RPAREN, ")", pos));
                i++;
            } else if (c == '{') {
                out.add(new Token(Token.Kind.LBRACE, "{", pos));
                i++;
            } else if (c == '}') {
                out.add(new Token(Token.Kind.RBRACE, "}", pos));
                i++;
            } else if (c == ',') {
                out.add(new Token(Token.Kind.COMMA, ",", pos));
                i++;
            } else if (c == '"') {
                i = string(text, i, out);
            } else if (c == '&' || c == '|') {
                if (i + 1 < n && text.charAt(i + 1) == c) {
                    out.add(new Token(c == '&' ? Token.Kind.AND : Token.Kind.OR, c == '&' ? "&&" : "||", pos));
                    i += 2;
                } else if (c == '&') {
                    out.add(new Token(Token.Kind.ARITH, "&", pos)); // bitwise and: dlm.msg.exflags & VALBLK
                    i++;
                } else {
                    throw new FilterSyntaxException("'" + c + "' at " + pos + " is not an operator; did you mean '" + c + c + "'?", pos);
                }
            } else if (c == '+' || c == '*' || c == '%'
                    || ((c == '-' || c == '/') && (i + 1 == n || Character.isWhitespace(text.charAt(i + 1))))) {
                out.add(new Token(Token.Kind.ARITH, String.valueOf(c), pos));
                i++;
            } else if (c == '[') {
                int close = text.indexOf(']', i);
                if (close < 0) {
                    throw new FilterSyntaxException("slice opened at " + pos + " has no closing ']'", pos);
                }
                out.add(new Token(Token.Kind.SLICE, text.substring(i + 1, close), pos));
                i = close + 1;
            } else if (c == ']') {
                throw new FilterSyntaxException("']' at " + pos + " closes no slice", pos);
            } else if (c == '=' || c == '!' || c == '<' || c == '>' || c == '~') {
                String op = operator(text, i);
                if (op == null) {
                    throw new FilterSyntaxException("'" + c + "' at " + pos + " is not an operator (use == != < <= > >=)", pos);
                }
                out.add(new Token(op.equals("!") ? Token.Kind.NOT : Token.Kind.OP, op, pos));
                i += op.length();
            } else {
                int start = i;
                while (i < n && isWordChar(text.charAt(i))) {
                    i++;
                }
                String word = text.substring(start, i);
                Token.Kind kind = word.equalsIgnoreCase("and") ? Token.Kind.AND
                        : word.equalsIgnoreCase("or") ? Token.Kind.OR
                        : word.equalsIgnoreCase("not") ? Token.Kind.NOT : Token.Kind.WORD;
                out.add(new Token(kind, word, pos));
            }
        }
        out.add(new Token(Token.Kind.END, "", n + 1));
        return out;
    }

    private static boolean isWordChar(char c) {
        return !Character.isWhitespace(c) && "()!=<>&|{},\"~+*%[]".indexOf(c) < 0;
    }

    private static String operator(String text, int i) {
        String[] ops = {"===", "==", "!==", "!=", "~=", "<=", ">=", "<", ">", "!"};
        for (String op : ops) {
            if (text.startsWith(op, i)) {
                return op;
            }
        }
        return null;
    }

    private static int string(String text, int start, List<Token> out) {
        StringBuilder sb = new StringBuilder();
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                out.add(new Token(Token.Kind.STRING, sb.toString(), start + 1));
                return i + 1;
            }
            if (c == '\\' && i + 1 < text.length()) {
                char e = text.charAt(i + 1);
                if (e == 'x' && i + 3 < text.length() + 0 && hex(text, i + 2)) {
                    sb.append((char) Integer.parseInt(text.substring(i + 2, i + 4), 16));
                    i += 4;
                    continue;
                }
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case '0' -> sb.append('\0');
                    default -> sb.append(e);
                }
                i += 2;
                continue;
            }
            sb.append(c);
            i++;
        }
        throw new FilterSyntaxException("string opened at " + (start + 1) + " has no closing '\"'", start + 1);
    }

    private static boolean hex(String text, int at) {
        return at + 2 <= text.length() && Character.digit(text.charAt(at), 16) >= 0 && Character.digit(text.charAt(at + 1), 16) >= 0;
    }
}
