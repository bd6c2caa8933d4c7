package org.mailkeys.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parts of a body: armored blocks (from their BEGIN line to their END line, blank lines inside kept, as the
 * line after armor headers is part of the armor) and single lines. Blank lines outside blocks are dropped.
 */
final class BodyParts {
    private static final String BEGIN = "-----BEGIN PGP ";
    private static final String END = "-----END PGP ";

    private final List<Object> parts;

    private BodyParts(List<Object> parts) {
        this.parts = parts;
    }

    static BodyParts of(String text) throws ProtocolException {
        List<String> lines = BodyLines.split(text);
        List<Object> parts = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                i++;
            } else if (line.startsWith(BEGIN)) {
                int end = endOfBlock(lines, i);
                parts.add(new ArmorBlock(lines.subList(i, end + 1)));
                i = end + 1;
            } else if (line.startsWith(END)) {
                throw malformed("an armor END line without its BEGIN line");
            } else {
                parts.add(line);
                i++;
            }
        }
        return new BodyParts(parts);
    }

    private static int endOfBlock(List<String> lines, int begin) throws ProtocolException {
        for (int i = begin + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith(END)) {
                return i;
            }
            if (line.startsWith(BEGIN)) {
                throw malformed("an armor block inside an armor block");
            }
        }
        throw malformed("an armor block without its END line");
    }

    int size() {
        return parts.size();
    }

    boolean isLine(int index) {
        return parts.get(index) instanceof String;
    }

    String line(int index) {
        return (String) parts.get(index);
    }

    ArmorBlock block(int index) {
        return (ArmorBlock) parts.get(index);
    }

    boolean hasBlockOfType(String type) {
        return parts.stream().anyMatch(part -> part instanceof ArmorBlock && ((ArmorBlock) part).type().equals(type));
    }

    long blockCount() {
        return parts.stream().filter(part -> part instanceof ArmorBlock).count();
    }

    /**
     * The K_auth line of a body, looked for leniently so that even a malformed body's error answer can carry a MAC:
     * the last non-blank line when it is a well-formed K_auth (even after an unterminated block), else the only
     * well-formed K_auth line outside armor blocks.
     */
    static Optional<KAuth> findKAuth(String text) {
        List<KAuth> outsideBlocks = new ArrayList<>();
        Optional<KAuth> last = Optional.empty();
        boolean inBlock = false;
        for (String rawLine : text.split("\n", -1)) {
            String line = rawLine.strip();
            if (line.isEmpty()) {
                continue;
            }
            inBlock |= line.startsWith(BEGIN);
            last = KAuth.parse(line);
            if (!inBlock) {
                last.ifPresent(outsideBlocks::add);
            }
            inBlock &= !line.startsWith(END);
        }
        if (last.isPresent()) {
            return last;
        }
        return outsideBlocks.size() == 1 ? Optional.of(outsideBlocks.get(0)) : Optional.empty();
    }

    private static ProtocolException malformed(String message) {
        return new ProtocolException(ErrorCode.MALFORMED, message, Optional.empty());
    }
}
