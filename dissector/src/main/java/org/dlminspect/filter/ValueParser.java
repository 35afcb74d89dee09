package org.dlminspect.filter;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.dlminspect.filter.Token.Kind;
import org.dlminspect.schema.FieldDef;
import org.dlminspect.schema.FieldRegistry;
import org.dlminspect.schema.FieldType;

/**
 * The values of a display filter ({@link FilterParser} parses the tests around them): fields, slices,
 * function calls, arithmetic and the literals among them, over the token stream they share.
 * <pre>
 *   value   := sum ( "&amp;" sum )*
 *   sum     := product ( ("+" | "-") product )*
 *   product := unary ( ("*" | "/" | "%") unary )*
 *   unary   := "-" unary | primary SLICE*
 *   primary := FIELD | FUNCTION "(" value ( "," value )* ")" | LITERAL
 * </pre>
 * The bitwise and binds loosest, as in Wireshark 4: {@code dlm.msg.exflags & 0x8 == 8} is
 * {@code (exflags & 0x8) == 8}. Every field met is kept in {@link #fields()}, the fields the filter reads.
 */
final class ValueParser {
    private final FieldRegistry registry;
    private final List<Token> tokens;
    private final Set<FieldDef> fields = new LinkedHashSet<>();
    private int at;

    ValueParser(FieldRegistry registry, List<Token> tokens) {
        this.registry = registry;
        this.tokens = tokens;
    }

    Token peek() {
        return tokens.get(at);
    }

    Token next() {
        return tokens.get(at++);
    }

    /** The token {@code k} after the next one (0: {@link #peek}); the end token past the end. */
    Token peek(int k) {
        return tokens.get(Math.min(at + k, tokens.size() - 1));
    }

    Set<FieldDef> fields() {
        return fields;
    }

    /**
     * What a value parses to: a {@link Value} (something with a field in it), or a literal token whose type is
     * only known from what it meets (converted then, by {@link Literals}).
     */
    record Term(Value value, Token literal) {
        static Term of(Value v) {
            return new Term(v, null);
        }
    }

    Term valueExpr() {
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
                        + " is " + FilterParser.article(v.type()), s.pos());
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
        int hash = t.text().indexOf('#');
        if (hash > 0) {
            return layered(t, hash);
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

    /**
     * {@code field#N} or {@code field#[ranges]}: the layer operator (Wireshark 4). A word is split at its '#'; the
     * ranges, after a bare '#', are the slice token that follows.
     */
    private Term layered(Token t, int hash) {
        String name = t.text().substring(0, hash);
        FieldDef f = registry.field(name);
        if (f == null) {
            throw unknownField(new Token(Kind.WORD, name, t.pos()));
        }
        String spec = t.text().substring(hash + 1);
        int at = t.pos() + hash;
        Slice layers;
        if (spec.isEmpty()) {
            if (peek().kind() != Kind.SLICE) {
                throw new FilterSyntaxException("expected a layer number or [ranges] after '#' at " + at, at);
            }
            Token s = next();
            layers = Slice.layers(s.text(), s.pos());
        } else {
            if (!spec.chars().allMatch(Character::isDigit)) {
                throw new FilterSyntaxException("expected a layer number after '#' at " + at + ", found '" + spec
                        + "' (ranges go in brackets: " + name + "#[1-2])", at);
            }
            layers = Slice.layers(spec, at + 1);
        }
        fields.add(f);
        return Term.of(new Value.Field(f, layers));
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


    private static Value constant(Value other, Token literal, Token op) {
        numeric(other, op);
        return new Value.Constant(Literals.number(other, literal), other.type() == FieldType.BOOLEAN ? FieldType.UNSIGNED : other.type());
    }

    private static void numeric(Value v, Token op) {
        if (!v.type().numeric()) {
            throw new FilterSyntaxException("'" + op.text() + "' at " + op.pos() + " needs numbers; " + v.shown() + " is "
                    + FilterParser.article(v.type()), op.pos());
        }
    }

    /** A test must start with a field (or a function, slice or arithmetic of one), not a constant. */
    FilterSyntaxException notAField(Token t) {
        if (t.kind() == Kind.WORD && Literals.integer(t.text()) == null) {
            return unknownField(t);
        }
        return new FilterSyntaxException("expected a field at " + t.pos() + ", found " + t.shown(), t.pos());
    }

    FilterSyntaxException unknownField(Token t) {
        String near = registry.closest(t.text());
        return new FilterSyntaxException("unknown field '" + t.text() + "' at " + t.pos()
                + (near != null ? "; did you mean " + near + "?" : " (dlm-inspect fields lists them)"), t.pos());
    }

    boolean looksLikeField(String word) {
        int dot = word.indexOf('.');
        return dot > 0 && Character.isLetter(word.charAt(0)) && !word.contains("..") && registry.closest(word) != null;
    }
}
