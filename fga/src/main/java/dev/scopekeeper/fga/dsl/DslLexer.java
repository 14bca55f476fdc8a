package dev.scopekeeper.fga.dsl;

import dev.scopekeeper.fga.Identifiers;

/**
 * Splits DSL text into tokens on demand, so the first error reported is the first one in the text.
 *
 * <p>Layout rules (decided here, documented on {@link ModelDsl}): indentation is not significant —
 * the keywords {@code model}, {@code schema}, {@code type}, {@code relations} and {@code define}
 * give the structure, as in OpenFGA's grammar where a newline swallows the spaces around it — but
 * only spaces are accepted: a tab anywhere outside a comment is an error. A line break inside
 * {@code [...]} or {@code (...)} is ignored, so long restrictions may span lines. {@code #} starts
 * a comment at the start of a line or after a space; elsewhere it is the userset separator of
 * {@code group#member}.
 */
final class DslLexer {

    enum Kind { WORD, COLON, COMMA, LBRACKET, RBRACKET, LPAREN, RPAREN, HASH, STAR, NEWLINE, EOF, OTHER }

    record Token(Kind kind, String text, int line, int column) {

        boolean isWord(String word) {
            return kind == Kind.WORD && text.equals(word);
        }

        /** How the token reads in an error message. */
        String describe() {
            switch (kind) {
                case NEWLINE:
                    // The synthetic line break at the end of text has no characters.
                    return text.isEmpty() ? "end of input" : "end of line";
                case EOF:
                    return "end of input";
                default:
                    return "'" + Identifiers.printable(text) + "'";
            }
        }
    }

    private final String text;
    private int pos;
    private int line = 1;
    private int column = 1;
    /** Open brackets and parentheses: while positive, line breaks are not tokens. */
    private int open;
    private Token last;

    DslLexer(String text) {
        this.text = text;
    }

    Token next() {
        last = scan();
        return last;
    }

    private Token scan() {
        boolean lineStart = last == null || last.kind() == Kind.NEWLINE || column == 1;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ') {
                advance(1);
            } else if (c == '\t') {
                throw new DslSyntaxError(line, column, "a space", "a tab", "indent and separate with spaces");
            } else if (c == '\r' || c == '\n') {
                int tokenLine = line;
                int tokenColumn = column;
                int width = c == '\r' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n' ? 2 : 1;
                pos += width;
                line++;
                column = 1;
                lineStart = true;
                // Blank lines, comment lines and breaks inside brackets yield no token.
                if (open == 0 && last != null && last.kind() != Kind.NEWLINE) {
                    return new Token(Kind.NEWLINE, "\n", tokenLine, tokenColumn);
                }
            } else if (c == '#' && (lineStart || text.charAt(pos - 1) == ' ')) {
                while (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
                    advance(1);
                }
            } else {
                return token(c);
            }
        }
        if (last != null && last.kind() != Kind.NEWLINE && last.kind() != Kind.EOF) {
            // The last line need not end with a line break.
            return new Token(Kind.NEWLINE, "", line, column);
        }
        return new Token(Kind.EOF, "", line, column);
    }

    private Token token(char c) {
        int startLine = line;
        int startColumn = column;
        if (isWordChar(c)) {
            int start = pos;
            while (pos < text.length() && isWordChar(text.charAt(pos))) {
                advance(1);
            }
            return new Token(Kind.WORD, text.substring(start, pos), startLine, startColumn);
        }
        Kind kind;
        switch (c) {
            case ':': kind = Kind.COLON; break;
            case ',': kind = Kind.COMMA; break;
            case '[': kind = Kind.LBRACKET; open++; break;
            case ']': kind = Kind.RBRACKET; open = Math.max(0, open - 1); break;
            case '(': kind = Kind.LPAREN; open++; break;
            case ')': kind = Kind.RPAREN; open = Math.max(0, open - 1); break;
            case '#': kind = Kind.HASH; break;
            case '*': kind = Kind.STAR; break;
            default: kind = Kind.OTHER; break;
        }
        int width = Character.isHighSurrogate(c) && pos + 1 < text.length() ? 2 : 1;
        String tokenText = text.substring(pos, pos + width);
        advance(width);
        return new Token(kind, tokenText, startLine, startColumn);
    }

    private void advance(int chars) {
        pos += chars;
        column++;
    }

    // Names use letters, digits, _ and -; '.' is included so that "1.1" is one token.
    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '-' || c == '.';
    }
}
