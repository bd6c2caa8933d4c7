package org.mailkeys.client;

import java.util.Optional;

import org.mailkeys.protocol.Mac;
import org.mailkeys.transparency.LogProofBlock;

/**
 * An answer's text cut in two: the version-1 answer, and the proof block a version-2 answer adds (docs/PROTOCOL.md,
 * 10), which starts at the line {@code mailkeys-log-proof v1} and ends before the MAC line that follows it; that
 * MAC line belongs to the version-1 part (its MAC covers the version-1 input and the block).
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
        if (lastLine > 0 && Mac.parse(last).isPresent()) {
            before = before + "\n" + last + "\n";
            block = block.substring(0, lastLine + 1);
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
