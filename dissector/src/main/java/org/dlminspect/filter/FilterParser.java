package org.dlminspect.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.dlminspect.filter.Expr.Relation;
import org.dlminspect.filter.Token.Kind;
import org.dlminspect.schema.FieldRegistry;
import org.dlminspect.schema.FieldType;

/**
 * Recursive descent over Wireshark's display filter grammar, for what applies to dlm-inspect:
 * <pre>
 *   expr    := and ( ("or" | "||") and )*
 *   and     := unary ( ("and" | "&amp;&amp;") unary )*
 *   unary   := ("not" | "!") unary | "(" expr ")" | [ "any" | "all" ] test
 *   test    := value [ relation value | "in" "{" member+ "}" | "contains" value | "matches" STRING ]
 *   member  := LITERAL | LITERAL ".." LITERAL
 * </pre>
 * (values: {@link ValueParser}).
 * {@code not} binds tightest, then {@code and}, then {@code or}. A test starts with a field (or a function,
 * slice or arithmetic of one); its other side is a literal or another such value ({@code dlm.msg.lkid ==
 * dlm.msg.remid}). A field may be restricted to protocol layers with Wireshark's layer operator ({@code
 * ip.addr#1}, {@code dlm.cmd#[1-2]}); a quantifier in front of a test ({@code all dlm.cmd == OPTS}, {@code any
 * ip.addr != 10.99.0.1}) says whether some value or every value must satisfy it, overriding what the operator
 * implies. Literals are converted to the type of what they meet here ({@link Literals}), so a wrong
 * value is a compile error at its column, never a silent mismatch.
 */
final class FilterParser {
    private final ValueParser values;

    private FilterParser(FieldRegistry registry, String text) {
        this.values = new ValueParser(registry, Lexer.tokens(text));
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
        return new DisplayFilter(text, e, p.values.fields());
    }

    private Token peek() {
        return values.peek();
    }

    private Token next() {
        return values.next();
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
        Token first = peek();
        if (first.kind() == Kind.WORD && (first.text().equals("any") || first.text().equals("all"))
                && (values.peek(1).kind() == Kind.WORD || values.peek(1).kind() == Kind.ARITH)) {
            // Wireshark 4's quantifiers: "any" or "all" of the left side's values, whatever the operator says.
            next();
            Expr e = test(first.text().equals("any"));
            if (e instanceof Expr.Present || e instanceof Expr.NonZero) {
                Token after = peek();
                throw new FilterSyntaxException("'" + first.text() + "' at " + first.pos() + " needs a comparison, 'in',"
                        + " 'contains' or 'matches' after its field; found " + after.shown() + " at " + after.pos(), after.pos());
            }
            return e;
        }
        return test(null);
    }

    /** @param quantifier true for "any", false for "all", null when none was written (the operator decides) */
    private Expr test(Boolean quantifier) {
        Token first = peek();
        if (first.kind() != Kind.WORD && first.kind() != Kind.ARITH) {
            next();
            throw new FilterSyntaxException("expected a field name at " + first.pos() + ", found " + first.shown(), first.pos());
        }
        ValueParser.Term term = values.valueExpr();
        if (term.literal() != null) {
            throw values.notAField(term.literal());
        }
        Value left = term.value();
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
                case "~=", "!==", "any_ne" -> r = Relation.NE;
                case "<", "lt" -> r = Relation.LT;
                case "<=", "le" -> r = Relation.LE;
                case ">", "gt" -> r = Relation.GT;
                default -> r = Relation.GE;
            }
            if (quantifier != null) {
                any = quantifier; // "the any and all modifiers take precedence over" ===, any_eq, ... (wireshark-filter(4))
            }
            expectValue(op);
            ValueParser.Term right = values.valueExpr();
            if (right.literal() != null) {
                return new Expr.Compare(left, r, operand(left, right.literal()), any);
            }
            comparable(left, right.value(), op);
            return new Expr.Relate(left, r, right.value(), any);
        }
        boolean all = quantifier != null && !quantifier;
        if (op.is("in")) {
            next();
            return in(left, op, all);
        }
        if (op.is("contains")) {
            next();
            if (left.type() != FieldType.STRING && left.type() != FieldType.BYTES) {
                throw new FilterSyntaxException("'contains' at " + op.pos() + " needs a string or bytes field; "
                        + left.shown() + " is " + article(left.type()), op.pos());
            }
            expectValue(op);
            ValueParser.Term right = values.valueExpr();
            if (right.literal() != null) {
                return new Expr.Compare(left, Relation.CONTAINS, Literals.bytes(left, right.literal()), !all);
            }
            comparable(left, right.value(), op);
            return new Expr.Relate(left, Relation.CONTAINS, right.value(), !all);
        }
        if (op.is("matches") || op.text().equals("~")) {
            next();
            Token v = next();
            if (v.kind() != Kind.STRING) {
                throw new FilterSyntaxException("expected a quoted regular expression after 'matches' at " + v.pos()
                        + ", found " + v.shown(), v.pos());
            }
            try {
                return new Expr.Matches(left, Pattern.compile(v.text(), Pattern.CASE_INSENSITIVE), all);
            } catch (PatternSyntaxException e) {
                throw new FilterSyntaxException("bad regular expression at " + v.pos() + ": " + e.getDescription(), v.pos());
            }
        }
        if (left instanceof Value.Arith a && a.op() == '&') {
            return new Expr.NonZero(left); // dlm.msg.exflags & VALBLK: some bit of the mask is set
        }
        if (left instanceof Value.Arith || left instanceof Value.Negated) {
            throw new FilterSyntaxException("expected a comparison after " + left.shown() + " at " + op.pos() + ", found "
                    + op.shown(), op.pos());
        }
        return new Expr.Present(left);
    }

    /** Two values with fields compare when both are numbers, both text or bytes, or both addresses. */
    private static void comparable(Value a, Value b, Token op) {
        FieldType x = a.type();
        FieldType y = b.type();
        boolean text = (x == FieldType.STRING || x == FieldType.BYTES) && (y == FieldType.STRING || y == FieldType.BYTES);
        if ((x.numeric() && y.numeric()) || text || (x == FieldType.ADDRESS && y == FieldType.ADDRESS)) {
            return;
        }
        throw new FilterSyntaxException("cannot compare " + a.shown() + " (" + article(x) + ") with " + b.shown() + " ("
                + article(y) + ") at " + op.pos(), op.pos());
    }

    /** A literal for {@code left}; a word that looks like a mistyped field name says so. */
    private Operand operand(Value left, Token literal) {
        try {
            return Literals.operand(left, literal);
        } catch (FilterSyntaxException e) {
            if (literal.kind() == Kind.WORD && values.looksLikeField(literal.text())) {
                throw values.unknownField(literal);
            }
            throw e;
        }
    }


    /** The token after an operator must start a value. */
    private void expectValue(Token after) {
        Token v = peek();
        if (v.kind() != Kind.WORD && v.kind() != Kind.STRING && !(v.kind() == Kind.ARITH && v.text().equals("-"))) {
            throw new FilterSyntaxException("expected a value after '" + after.text() + "' at " + v.pos() + ", found "
                    + v.shown(), v.pos());
        }
    }

    private Expr in(Value field, Token op, boolean all) {
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
                if (!field.type().numeric()) {
                    throw new FilterSyntaxException("a range at " + v.pos() + " needs a number field; " + field.shown()
                            + " is " + article(field.type()), v.pos());
                }
                Token lo = new Token(Kind.WORD, v.text().substring(0, dots), v.pos());
                Token hi = new Token(Kind.WORD, v.text().substring(dots + 2), v.pos() + dots + 2);
                if (lo.text().isEmpty() || hi.text().isEmpty()) {
                    throw new FilterSyntaxException("a range at " + v.pos() + " needs both ends (like 1..5)", v.pos());
                }
                members.add(new Operand.Range(Literals.number(field, lo), Literals.number(field, hi)));
            } else {
                members.add(operand(field, v));
            }
        }
        if (members.isEmpty()) {
            throw new FilterSyntaxException("the set after 'in' at " + op.pos() + " is empty", op.pos());
        }
        return new Expr.In(field, members, all);
    }

    private Token value(Token after) {
        Token v = next();
        if (v.kind() != Kind.WORD && v.kind() != Kind.STRING) {
            throw new FilterSyntaxException("expected a value after '" + after.text() + "' at " + v.pos() + ", found "
                    + v.shown(), v.pos());
        }
        return v;
    }


    static String article(FieldType t) {
        String d = t.description();
        return ("aeiou".indexOf(d.charAt(0)) >= 0 ? "an " : "a ") + d;
    }
}
