package org.dlminspect.filter;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.dlminspect.filter.Expr.Relation;
import org.dlminspect.filter.Token.Kind;
import org.dlminspect.schema.FieldDef;
import org.dlminspect.schema.FieldRegistry;
import org.dlminspect.schema.FieldType;

/**
 * Recursive descent over Wireshark's display filter grammar, for what applies to dlm-inspect:
 * <pre>
 *   expr    := and ( ("or" | "||") and )*
 *   and     := unary ( ("and" | "&amp;&amp;") unary )*
 *   unary   := ("not" | "!") unary | "(" expr ")" | test
 *   test    := FIELD [ relation value | "in" "{" member+ "}" | "contains" value | "matches" STRING ]
 *   member  := value | value ".." value
 * </pre>
 * {@code not} binds tightest, then {@code and}, then {@code or}. Values are converted to the field's type here
 * ({@link Literals}), so a wrong value is a compile error at its column, never a silent mismatch.
 */
final class FilterParser {
    private final FieldRegistry registry;
    private final List<Token> tokens;
    private final Set<FieldDef> fields = new LinkedHashSet<>();
    private int at;

    private FilterParser(FieldRegistry registry, String text) {
        this.registry = registry;
        this.tokens = Lexer.tokens(text);
    }

    static DisplayFilter parse(FieldRegistry registry, String text) {
        FilterParser p = new FilterParser(registry, text);
        if (p.peek().kind() == Kind.END) {
            throw new FilterSyntaxException("the filter is empty", 1);
        }
        Expr e = p.or();
        Token end = p.peek();
        if (end.kind() != Kind.END) {
            throw new FilterSyntaxException("unexpected " + end.shown() + " at " + end.pos()
                    + (end.kind() == Kind.RPAREN ? " (no '(' to close)" : "; expected 'and', 'or' or the end"), end.pos());
        }
        return new DisplayFilter(text, e, p.fields);
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token next() {
        return tokens.get(at++);
    }

    private Expr or() {
        Expr e = and();
        while (peek().kind() == Kind.OR) {
            next();
            e = new Expr.Or(e, and());
        }
        return e;
    }

    private Expr and() {
        Expr e = unary();
        while (peek().kind() == Kind.AND) {
            next();
            e = new Expr.And(e, unary());
        }
        return e;
    }

    private Expr unary() {
        Token t = peek();
        if (t.kind() == Kind.NOT) {
            next();
            return new Expr.Not(unary());
        }
        if (t.kind() == Kind.LPAREN) {
            next();
            Expr e = or();
            Token close = next();
            if (close.kind() != Kind.RPAREN) {
                throw new FilterSyntaxException("expected ')' at " + close.pos() + " to close the '(' at " + t.pos()
                        + ", found " + close.shown(), close.pos());
            }
            return e;
        }
        return test();
    }

    private Expr test() {
        Token t = next();
        if (t.kind() != Kind.WORD) {
            throw new FilterSyntaxException("expected a field name at " + t.pos() + ", found " + t.shown(), t.pos());
        }
        FieldDef field = field(t);
        fields.add(field);
        Token op = peek();
        if (op.kind() == Kind.OP || op.is("eq") || op.is("ne") || op.is("lt") || op.is("le") || op.is("gt") || op.is("ge")
                || op.is("any_eq") || op.is("all_ne") || op.is("all_eq") || op.is("any_ne")) {
            next();
            String o = op.text().toLowerCase(java.util.Locale.ROOT);
            Relation r;
            boolean any = true;
            switch (o) {
                case "==", "eq", "any_eq" -> r = Relation.EQ;
                case "===", "all_eq" -> { r = Relation.EQ; any = false; }
                case "!=", "ne", "all_ne" -> { r = Relation.NE; any = false; }
                case "~=", "any_ne" -> r = Relation.NE;
                case "<", "lt" -> r = Relation.LT;
                case "<=", "le" -> r = Relation.LE;
                case ">", "gt" -> r = Relation.GT;
                default -> r = Relation.GE;
            }
            if (r != Relation.EQ && r != Relation.NE && !orderable(field)) {
                throw new FilterSyntaxException(field.name() + " is " + article(field) + " and cannot be compared with '"
                        + op.text() + "' at " + op.pos() + " (use == or !=)", op.pos());
            }
            Token v = value(op);
            return new Expr.Compare(field, r, Literals.operand(field, v), any);
        }
        if (op.is("in")) {
            next();
            return in(field, op);
        }
        if (op.is("contains")) {
            next();
            if (field.type() != FieldType.STRING && field.type() != FieldType.BYTES) {
                throw new FilterSyntaxException("'contains' at " + op.pos() + " needs a string or bytes field; "
                        + field.name() + " is " + article(field), op.pos());
            }
            Token v = value(op);
            return new Expr.Compare(field, Relation.CONTAINS, Literals.bytes(field, v), true);
        }
        if (op.is("matches") || op.text().equals("~")) {
            next();
            Token v = next();
            if (v.kind() != Kind.STRING) {
                throw new FilterSyntaxException("expected a quoted regular expression after 'matches' at " + v.pos()
                        + ", found " + v.shown(), v.pos());
            }
            try {
                return new Expr.Matches(field, Pattern.compile(v.text(), Pattern.CASE_INSENSITIVE));
            } catch (PatternSyntaxException e) {
                throw new FilterSyntaxException("bad regular expression at " + v.pos() + ": " + e.getDescription(), v.pos());
            }
        }
        return new Expr.Present(field);
    }

    private Expr in(FieldDef field, Token op) {
        Token open = next();
        if (open.kind() != Kind.LBRACE) {
            throw new FilterSyntaxException("expected '{' after 'in' at " + open.pos() + ", found " + open.shown(), open.pos());
        }
        List<Operand> members = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.RBRACE) {
                next();
                break;
            }
            if (t.kind() == Kind.COMMA) {
                next();
                continue;
            }
            if (t.kind() == Kind.END) {
                throw new FilterSyntaxException("expected '}' at " + t.pos() + " to close the '{' at " + open.pos(), t.pos());
            }
            Token v = value(op);
            int dots = v.kind() == Kind.WORD ? v.text().indexOf("..") : -1;
            if (dots >= 0) {
                if (!orderable(field)) {
                    throw new FilterSyntaxException("a range at " + v.pos() + " needs a number field; " + field.name()
                            + " is " + article(field), v.pos());
                }
                Token lo = new Token(Kind.WORD, v.text().substring(0, dots), v.pos());
                Token hi = new Token(Kind.WORD, v.text().substring(dots + 2), v.pos() + dots + 2);
                if (lo.text().isEmpty() || hi.text().isEmpty()) {
                    throw new FilterSyntaxException("a range at " + v.pos() + " needs both ends (like 1..5)", v.pos());
                }
                members.add(new Operand.Range(Literals.number(field, lo), Literals.number(field, hi)));
            } else {
                members.add(Literals.operand(field, v));
            }
        }
        if (members.isEmpty()) {
            throw new FilterSyntaxException("the set after 'in' at " + op.pos() + " is empty", op.pos());
        }
        return new Expr.In(field, members);
    }

    private Token value(Token after) {
        Token v = next();
        if (v.kind() != Kind.WORD && v.kind() != Kind.STRING) {
            throw new FilterSyntaxException("expected a value after '" + after.text() + "' at " + v.pos() + ", found "
                    + v.shown(), v.pos());
        }
        return v;
    }

    private FieldDef field(Token t) {
        FieldDef f = registry.field(t.text());
        if (f != null) {
            return f;
        }
        String near = registry.closest(t.text());
        throw new FilterSyntaxException("unknown field '" + t.text() + "' at " + t.pos()
                + (near != null ? "; did you mean " + near + "?" : " (dlm-inspect fields lists them)"), t.pos());
    }

    private static boolean orderable(FieldDef f) {
        return f.type().numeric() || f.type() == FieldType.ADDRESS || f.type() == FieldType.STRING || f.type() == FieldType.BYTES;
    }

    static String article(FieldDef f) {
        String d = f.type().description();
        return ("aeiou".indexOf(d.charAt(0)) >= 0 ? "an " : "a ") + d;
    }
}
