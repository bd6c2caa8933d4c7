package org.mailkeys.client;

import java.util.Optional;

import org.mailkeys.protocol.Mac;
import org.mailkeys.transparency.LogProofBlock;

/**
 * An answer's text cut in two: the version-1 answer, and the proof block a version-2 answer adds (docs/PROTOCOL.md,
 * version 2), which starts at the line {@code mailkeys-log-proof v1}. A MAC line after the block belongs to the
 * version-1 part.
 */
final class AnswerText {
    private final String versionOne;
    private final Optional<String> proofBlock;

    private AnswerText(String versionOne, Optional<String> proofBlock) {
        this.versionOne = versionOne;
        this.proofBlock = proofBlock;
    }

    static AnswerText split(String text) {
        String lf = text.replace("\r\n", "\n");
        int start = lf.startsWith(LogProofBlock.HEADER + "\n") ? 0 : lf.indexOf("\n" + LogProofBlock.HEADER + "\n");
        if (start < 0) {
            return new AnswerText(text, Optional.empty());
        }
        if (start > 0) {
            start++;
        }
        String before = lf.substring(0, start);
        String block = lf.substring(start).stripTrailing() + "\n";
        int lastLine = block.lastIndexOf('\n', block.length() - 2);
        String last = block.substring(lastLine + 1, block.length() - 1);
        if (lastLine > 0 && block.charAt(lastLine - 1) == '\n' && Mac.parse(last).isPresent()) {
            before = before + "\n" + last + "\n";
            block = block.substring(0, lastLine);
        }
        return new AnswerText(before, Optional.of(block));
    }

    String versionOne() {
        return versionOne;
    }

    Optional<String> proofBlock() {
        return proofBlock;
    }
}
