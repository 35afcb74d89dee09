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
 *   test    := value [ relation value | "in" "{" member+ "}" | "contains" value | "matches" STRING ]
 *   member  := LITERAL | LITERAL ".." LITERAL
 *   value   := sum ( "&amp;" sum )*
 *   sum     := product ( ("+" | "-") product )*
 *   product := unary ( ("*" | "/" | "%") unary )*
 *   unary   := "-" unary | primary SLICE*
 *   primary := FIELD | FUNCTION "(" value ( "," value )* ")" | LITERAL
 * </pre>
 * {@code not} binds tightest, then {@code and}, then {@code or}. A test starts with a field (or a function,
 * slice or arithmetic of one); its other side is a literal or another such value ({@code dlm.msg.lkid ==
 * dlm.msg.remid}). Literals are converted to the type of what they meet here ({@link Literals}), so a wrong
 * value is a compile error at its column, never a silent mismatch.
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
        Token first = peek();
        if (first.kind() != Kind.WORD && first.kind() != Kind.ARITH) {
            next();
            throw new FilterSyntaxException("expected a field name at " + first.pos() + ", found " + first.shown(), first.pos());
        }
        Term term = valueExpr();
        if (term.literal() != null) {
            throw notAField(term.literal());
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
                case "~=", "any_ne" -> r = Relation.NE;
                case "<", "lt" -> r = Relation.LT;
                case "<=", "le" -> r = Relation.LE;
                case ">", "gt" -> r = Relation.GT;
                default -> r = Relation.GE;
            }
            expectValue(op);
            Term right = valueExpr();
            if (right.literal() != null) {
                return new Expr.Compare(left, r, operand(left, right.literal()), any);
            }
            comparable(left, right.value(), op);
            return new Expr.Relate(left, r, right.value(), any);
        }
        if (op.is("in")) {
            next();
            return in(left, op);
        }
        if (op.is("contains")) {
            next();
            if (left.type() != FieldType.STRING && left.type() != FieldType.BYTES) {
                throw new FilterSyntaxException("'contains' at " + op.pos() + " needs a string or bytes field; "
                        + left.shown() + " is " + article(left.type()), op.pos());
            }
            expectValue(op);
            Term right = valueExpr();
            if (right.literal() != null) {
                return new Expr.Compare(left, Relation.CONTAINS, Literals.bytes(left, right.literal()), true);
            }
            comparable(left, right.value(), op);
            return new Expr.Relate(left, Relation.CONTAINS, right.value(), true);
        }
        if (op.is("matches") || op.text().equals("~")) {
            next();
            Token v = next();
            if (v.kind() != Kind.STRING) {
                throw new FilterSyntaxException("expected a quoted regular expression after 'matches' at " + v.pos()
                        + ", found " + v.shown(), v.pos());
            }
            try {
                return new Expr.Matches(left, Pattern.compile(v.text(), Pattern.CASE_INSENSITIVE));
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

    /**
     * What a value parses to: a {@link Value} (something with a field in it), or a literal token whose type is
     * only known from what it meets (converted then, by {@link Literals}).
     */
    private record Term(Value value, Token literal) {
        static Term of(Value v) {
            return new Term(v, null);
        }
    }

    // value := sum ("&" sum)* ; sum := product (("+"|"-") product)* ; product := unary (("*"|"/"|"%") unary)*
    // (the bitwise and binds loosest, as in Wireshark 4: dlm.msg.exflags & 0x8 == 8 is (exflags & 0x8) == 8)
    private Term valueExpr() {
        Term t = sum();
        while (arith("&")) {
            Token op = next();
            t = arith(op, t, sum());
        }
        return t;
    }

    private Term sum() {
        Term t = product();
        while (arith("+") || arith("-")) {
            Token op = next();
            t = arith(op, t, product());
        }
        return t;
    }

    private Term product() {
        Term t = unaryValue();
        while (arith("*") || arith("/") || arith("%")) {
            Token op = next();
            t = arith(op, t, unaryValue());
        }
        return t;
    }

    private boolean arith(String op) {
        return peek().kind() == Kind.ARITH && peek().text().equals(op);
    }

    private Term unaryValue() {
        Token t = peek();
        if (t.kind() == Kind.ARITH && t.text().equals("-")) {
            next();
            Term inner = unaryValue();
            if (inner.literal() != null) {
                Token l = inner.literal();
                return new Term(null, new Token(l.kind(), "-" + l.text(), t.pos()));
            }
            numeric(inner.value(), t);
            return Term.of(new Value.Negated(inner.value()));
        }
        Term p = primary();
        while (peek().kind() == Kind.SLICE) {
            Token s = next();
            if (p.literal() != null) {
                throw unknownField(p.literal());
            }
            Value v = p.value();
            if (v.type() != FieldType.STRING && v.type() != FieldType.BYTES) {
                throw new FilterSyntaxException("the slice at " + s.pos() + " needs a string or bytes field; " + v.shown()
                        + " is " + article(v.type()), s.pos());
            }
            p = Term.of(new Value.Sliced(v, Slice.parse(s.text(), s.pos())));
        }
        return p;
    }

    private Term primary() {
        Token t = next();
        if (t.kind() == Kind.STRING) {
            return new Term(null, t);
        }
        if (t.kind() != Kind.WORD) {
            throw new FilterSyntaxException("expected a field name or a value at " + t.pos() + ", found " + t.shown(), t.pos());
        }
        if (peek().kind() == Kind.LPAREN) {
            return call(t);
        }
        FieldDef f = registry.field(t.text());
        if (f != null) {
            fields.add(f);
            return Term.of(new Value.Field(f));
        }
        FieldDef negated = t.text().startsWith("-") ? registry.field(t.text().substring(1)) : null;
        if (negated != null) {
            fields.add(negated);
            numeric(new Value.Field(negated), t);
            return Term.of(new Value.Negated(new Value.Field(negated)));
        }
        return new Term(null, t);
    }

    private Term call(Token name) {
        Token open = next();
        Function fn = Function.named(name.text());
        if (fn == null) {
            throw new FilterSyntaxException("unknown function '" + name.text() + "' at " + name.pos() + " (functions: "
                    + Function.list() + ")", name.pos());
        }
        List<Value> args = new ArrayList<>();
        if (peek().kind() == Kind.RPAREN) {
            next();
        } else {
            while (true) {
                Term arg = valueExpr();
                if (arg.literal() != null) {
                    throw notAField(arg.literal());
                }
                args.add(arg.value());
                Token sep = next();
                if (sep.kind() == Kind.RPAREN) {
                    break;
                }
                if (sep.kind() != Kind.COMMA) {
                    throw new FilterSyntaxException("expected ',' or ')' at " + sep.pos() + " in " + fn.wireName() + "() opened at "
                            + open.pos() + ", found " + sep.shown(), sep.pos());
                }
            }
        }
        return Term.of(new Value.Call(fn, List.copyOf(args), fn.resultType(args, name.pos())));
    }

    /** {@code a OP b} on numbers; a literal side takes the other side's type (and its value names: VALBLK). */
    private Term arith(Token op, Term a, Term b) {
        if (a.literal() != null && b.literal() != null) {
            return new Term(null, folded(op, a.literal(), b.literal()));
        }
        Value left = a.literal() != null ? constant(b.value(), a.literal(), op) : a.value();
        Value right = b.literal() != null ? constant(a.value(), b.literal(), op) : b.value();
        numeric(left, op);
        numeric(right, op);
        FieldType type;
        if (left.type() == FieldType.SIGNED || right.type() == FieldType.SIGNED) {
            type = FieldType.SIGNED;
        } else if (left.type() == FieldType.TIME && right.type() == FieldType.TIME && op.text().equals("-")) {
            type = FieldType.DURATION;
        } else if (left.type() == FieldType.TIME || left.type() == FieldType.DURATION) {
            type = left.type();
        } else {
            type = FieldType.UNSIGNED;
        }
        return Term.of(new Value.Arith(op.text().charAt(0), left, right, type));
    }

    /** Arithmetic of two integer literals, done now ({@code 0x8 + 0x10}); its type comes from what it meets. */
    private static Token folded(Token op, Token a, Token b) {
        Long x = a.kind() == Kind.WORD ? Literals.integer(a.text()) : null;
        Long y = b.kind() == Kind.WORD ? Literals.integer(b.text()) : null;
        if (x == null || y == null) {
            throw new FilterSyntaxException("'" + op.text() + "' at " + op.pos() + " needs a field or two integers", op.pos());
        }
        if ((op.text().equals("/") || op.text().equals("%")) && y == 0) {
            throw new FilterSyntaxException("division by zero at " + op.pos(), op.pos());
        }
        long r = switch (op.text().charAt(0)) {
            case '+' -> x + y;
            case '-' -> x - y;
            case '*' -> x * y;
            case '&' -> x & y;
            case '/' -> x / y;
            default -> x % y;
        };
        return new Token(Kind.WORD, Long.toString(r), a.pos());
    }

    /** A test must start with a field (or a function, slice or arithmetic of one), not a constant. */
    private FilterSyntaxException notAField(Token t) {
        if (t.kind() == Kind.WORD && Literals.integer(t.text()) == null) {
            return unknownField(t);
        }
        return new FilterSyntaxException("expected a field at " + t.pos() + ", found " + t.shown(), t.pos());
    }

    private static Value constant(Value other, Token literal, Token op) {
        numeric(other, op);
        return new Value.Constant(Literals.number(other, literal), other.type() == FieldType.BOOLEAN ? FieldType.UNSIGNED : other.type());
    }

    private static void numeric(Value v, Token op) {
        if (!v.type().numeric()) {
            throw new FilterSyntaxException("'" + op.text() + "' at " + op.pos() + " needs numbers; " + v.shown() + " is "
                    + article(v.type()), op.pos());
        }
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
            if (literal.kind() == Kind.WORD && looksLikeField(literal.text())) {
                throw unknownField(literal);
            }
            throw e;
        }
    }

    private boolean looksLikeField(String word) {
        int dot = word.indexOf('.');
        return dot > 0 && Character.isLetter(word.charAt(0)) && !word.contains("..") && registry.closest(word) != null;
    }

    /** The token after an operator must start a value. */
    private void expectValue(Token after) {
        Token v = peek();
        if (v.kind() != Kind.WORD && v.kind() != Kind.STRING && !(v.kind() == Kind.ARITH && v.text().equals("-"))) {
            throw new FilterSyntaxException("expected a value after '" + after.text() + "' at " + v.pos() + ", found "
                    + v.shown(), v.pos());
        }
    }

    private Expr in(Value field, Token op) {
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

    private FilterSyntaxException unknownField(Token t) {
        String near = registry.closest(t.text());
        return new FilterSyntaxException("unknown field '" + t.text() + "' at " + t.pos()
                + (near != null ? "; did you mean " + near + "?" : " (dlm-inspect fields lists them)"), t.pos());
    }

    static String article(FieldType t) {
        String d = t.description();
        return ("aeiou".indexOf(d.charAt(0)) >= 0 ? "an " : "a ") + d;
    }
}
