package org.mailkeys.webadmin;

/**
 * Text an operator writes that ends up, as written, in a log line and the key history: it must not be able to start
 * a line of its own, nor hide or reorder what follows. Refused are C0 and C1 controls (CR, LF, NEL, ESC...), Unicode
 * line and paragraph separators (U+2028, U+2029: many log viewers and JSON tools break lines there), format
 * characters (bidirectional overrides, zero-width characters) and lone surrogates.
 */
final class OneLineText {
    private OneLineText() {
    }

    static boolean isOneLine(String text) {
        return text.codePoints().noneMatch(OneLineText::canFakeALine);
    }

    static boolean canFakeALine(int codePoint) {
        switch (Character.getType(codePoint)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SURROGATE:
                return true;
            default:
                return false;
        }
    }
}
