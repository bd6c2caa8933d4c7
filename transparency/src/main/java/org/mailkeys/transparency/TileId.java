package org.mailkeys.transparency;

import java.util.Objects;
import java.util.Optional;

/**
 * One tile of a C2SP tlog-tiles log (c2sp.org/tlog-tiles): a hash tile {@code tile/<L>/<N>[.p/<W>]} or an entry
 * bundle {@code tile/entries/<N>[.p/<W>]}. Index N is written in zero-padded groups of three digits, all but the last
 * prefixed with {@code x}; W, from 1 to 255, names a partial tile, and a full tile (256) has no suffix.
 */
public final class TileId {
    /** Hashes or entries in a full tile (tiles of height 8). */
    public static final int WIDTH = 256;
    /** Levels of hash tiles: eight levels of height 8 cover every tree of up to 2^64 leaves. */
    public static final int MAX_LEVEL = 7;
    private static final int ENTRIES = -1;
    private static final int MAX_PATH_LENGTH = 64;

    private final int level;
    private final long index;
    private final int width;

    private TileId(int level, long index, int width) {
        if (index < 0 || width < 1 || width > WIDTH) {
            throw new IllegalArgumentException("No such tile: index " + index + ", width " + width);
        }
        this.level = level;
        this.index = index;
        this.width = width;
    }

    /** The hash tile of {@code level} (0 for leaf hashes), number {@code index}, holding {@code width} hashes. */
    public static TileId hashes(int level, long index, int width) {
        if (level < 0 || level > MAX_LEVEL) {
            throw new IllegalArgumentException("No tile level " + level);
        }
        return new TileId(level, index, width);
    }

    /** The entry bundle number {@code index}, holding {@code width} entries. */
    public static TileId entries(long index, int width) {
        return new TileId(ENTRIES, index, width);
    }

    /** The tile of {@code level} and {@code index} as it stands in a tree of {@code size} leaves, or empty. */
    public static Optional<TileId> inTree(int level, long index, long size) {
        long count = level == ENTRIES ? size : size >>> (8 * level);
        long width = Math.min(WIDTH, count - index * WIDTH);
        if (width <= 0) {
            return Optional.empty();
        }
        return Optional.of(new TileId(level, index, (int) width));
    }

    /** The entry bundle number {@code index} as it stands in a tree of {@code size} leaves, or empty. */
    public static Optional<TileId> entriesInTree(long index, long size) {
        return inTree(ENTRIES, index, size);
    }

    public boolean isEntryBundle() {
        return level == ENTRIES;
    }

    /** The level of a hash tile. */
    public int level() {
        if (isEntryBundle()) {
            throw new IllegalStateException("An entry bundle has no level");
        }
        return level;
    }

    public long index() {
        return index;
    }

    public int width() {
        return width;
    }

    public boolean isFull() {
        return width == WIDTH;
    }

    /** The path of this tile under the log's prefix, as C2SP tlog-tiles names it. */
    public String path() {
        StringBuilder path = new StringBuilder("tile/").append(isEntryBundle() ? "entries" : String.valueOf(level))
            .append('/').append(encodeIndex(index));
        if (!isFull()) {
            path.append(".p/").append(width);
        }
        return path.toString();
    }

    /** Reads a path written by {@link #path()}; empty for anything else, non-canonical spellings included. */
    public static Optional<TileId> parse(String path) {
        if (path == null || path.length() > MAX_PATH_LENGTH || !path.startsWith("tile/")) {
            return Optional.empty();
        }
        String rest = path.substring("tile/".length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String levelPart = rest.substring(0, slash);
        String indexPart = rest.substring(slash + 1);
        int width = WIDTH;
        int partial = indexPart.indexOf(".p/");
        if (partial >= 0) {
            Optional<Long> parsedWidth = decimal(indexPart.substring(partial + 3), 3);
            if (parsedWidth.isEmpty() || parsedWidth.get() < 1 || parsedWidth.get() >= WIDTH) {
                return Optional.empty();
            }
            width = parsedWidth.get().intValue();
            indexPart = indexPart.substring(0, partial);
        }
        Optional<Long> index = decodeIndex(indexPart);
        if (index.isEmpty()) {
            return Optional.empty();
        }
        TileId tile;
        if (levelPart.equals("entries")) {
            tile = entries(index.get(), width);
        } else {
            Optional<Long> level = decimal(levelPart, 1);
            if (level.isEmpty() || level.get() > MAX_LEVEL) {
                return Optional.empty();
            }
            tile = hashes(level.get().intValue(), index.get(), width);
        }
        return tile.path().equals(path) ? Optional.of(tile) : Optional.empty();
    }

    static String encodeIndex(long index) {
        String digits = Long.toString(index);
        int pad = (3 - digits.length() % 3) % 3;
        digits = "0".repeat(pad) + digits;
        StringBuilder encoded = new StringBuilder();
        for (int i = 0; i < digits.length(); i += 3) {
            if (i > 0) {
                encoded.append('/');
            }
            if (i + 3 < digits.length()) {
                encoded.append('x');
            }
            encoded.append(digits, i, i + 3);
        }
        return encoded.toString();
    }

    private static Optional<Long> decodeIndex(String encoded) {
        String[] groups = encoded.split("/", -1);
        if (groups.length > 7) {
            return Optional.empty();
        }
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < groups.length; i++) {
            String group = groups[i];
            if (i < groups.length - 1) {
                if (!group.startsWith("x")) {
                    return Optional.empty();
                }
                group = group.substring(1);
            }
            if (group.length() != 3 || !group.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            digits.append(group);
        }
        try {
            return Optional.of(Long.parseLong(digits.toString()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> decimal(String text, int maxDigits) {
        if (text.isEmpty() || text.length() > maxDigits || !text.chars().allMatch(c -> c >= '0' && c <= '9')
            || (text.length() > 1 && text.charAt(0) == '0')) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(text));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TileId && ((TileId) other).level == level && ((TileId) other).index == index
            && ((TileId) other).width == width;
    }

    @Override
    public int hashCode() {
        return Objects.hash(level, index, width);
    }

    @Override
    public String toString() {
        return path();
    }
}
