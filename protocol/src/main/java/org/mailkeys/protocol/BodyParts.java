package org.mailkeys.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a body: armored blocks (from their BEGIN line to their END line, blank lines inside kept, as the
 * line after armor headers is part of the armor) and single lines. Blank lines outside blocks are dropped.
 */
final class BodyParts {
    static final String BEGIN = "-----BEGIN PGP ";
    static final String END = "-----END PGP ";

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
                throw ProtocolException.malformed("an armor END line without its BEGIN line");
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
                throw ProtocolException.malformed("an armor block inside an armor block");
            }
        }
        throw ProtocolException.malformed("an armor block without its END line");
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
}
