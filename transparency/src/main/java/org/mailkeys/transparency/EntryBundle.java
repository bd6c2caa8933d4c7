package org.mailkeys.transparency;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** An entry bundle of c2sp.org/tlog-tiles: each entry as a big-endian uint16 length and its bytes. */
public final class EntryBundle {
    /** The longest entry a bundle can carry. */
    public static final int MAX_ENTRY = 0xffff;

    private EntryBundle() {
    }

    public static byte[] encode(List<byte[]> entries) {
        ByteArrayOutputStream bundle = new ByteArrayOutputStream();
        for (byte[] entry : entries) {
            if (entry.length > MAX_ENTRY) {
                throw new IllegalArgumentException("Entry of " + entry.length + " bytes does not fit a bundle");
            }
            bundle.write(entry.length >>> 8);
            bundle.write(entry.length & 0xff);
            bundle.write(entry, 0, entry.length);
        }
        return bundle.toByteArray();
    }

    /** The entries of a bundle, which must hold exactly {@code count} of them and nothing else. */
    public static List<byte[]> decode(byte[] bundle, int count) throws IOException {
        List<byte[]> entries = new ArrayList<>(count);
        int at = 0;
        while (at < bundle.length) {
            if (at + 2 > bundle.length || entries.size() == count) {
                throw new IOException("Damaged entry bundle");
            }
            int length = ((bundle[at] & 0xff) << 8) | (bundle[at + 1] & 0xff);
            at += 2;
            if (at + length > bundle.length) {
                throw new IOException("Damaged entry bundle: truncated entry");
            }
            byte[] entry = new byte[length];
            System.arraycopy(bundle, at, entry, 0, length);
            entries.add(entry);
            at += length;
        }
        if (entries.size() != count) {
            throw new IOException("Entry bundle holds " + entries.size() + " entries, not " + count);
        }
        return entries;
    }
}
