package org.mailkeys.webadmin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OneLineTextTest {
    @Test
    void unicodeLineAndParagraphSeparatorsShouldNotPassForOneLine() {
        // issue 18 item 10: U+2028 and U+2029 went into logs and history as written
        assertThat(OneLineText.isOneLine("court order\u2028INFO key restored by the operator")).isFalse();
        assertThat(OneLineText.isOneLine("court order\u2029second paragraph")).isFalse();
    }

    @Test
    void controlAndFormatCharactersShouldNotPassForOneLine() {
        for (String text : new String[] {"a\nb", "a\rb", "a\u0085b", "a\u000bb", "a\u000cb", "a\u001b[2Jb", "a\u202eb",
            "a\u200bb", "a\u2066b", "a\ufeffb", "a\ud800b"}) {
            assertThat(OneLineText.isOneLine(text)).as("%s", text.codePoints().toArray()).isFalse();
        }
    }

    @Test
    void everyCharacterTypeThatCanFakeALineShouldBeRefused() {
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            int type = Character.getType(codePoint);
            boolean breaksTheLine = type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.CONTROL || type == Character.FORMAT;
            if (breaksTheLine) {
                assertThat(OneLineText.canFakeALine(codePoint)).as("U+%04X", codePoint).isTrue();
            }
        }
    }

    @Test
    void printableTextInAnyScriptShouldBeOneLine() {
        assertThat(OneLineText.isOneLine("account compromised, ticket 42")).isTrue();
        assertThat(OneLineText.isOneLine("Gerichtsbeschluss über Schlüssel 📧, 裁判所命令")).isTrue();
    }
}
