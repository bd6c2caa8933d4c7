package org.mailkeys.transparency;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One integration step, as committed before its tiles are written: the entries appended to the tree of
 * {@link #oldSize()} and the signed checkpoint of the grown tree. At most one batch extends each tree size (the
 * storage's commit refuses a second), so the log never forks; any node can finish a committed batch, since its tiles
 * follow from the entries.
 */
public final class LogBatch {
    private static final int MAGIC = 0x4d4b4c42;
    /** At most this many entries in one batch. */
    public static final int MAX_ENTRIES = 1024;

    private final long oldSize;
    private final List<byte[]> entries;
    private final String checkpointNote;

    public LogBatch(long oldSize, List<byte[]> entries, String checkpointNote) {
        if (oldSize < 0 || entries.isEmpty() || entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("A batch adds 1 to " + MAX_ENTRIES + " entries");
        }
        this.oldSize = oldSize;
        this.entries = Collections.unmodifiableList(new ArrayList<>(entries));
        this.checkpointNote = checkpointNote;
    }

    public long oldSize() {
        return oldSize;
    }

    public long newSize() {
        return oldSize + entries.size();
    }

    public List<byte[]> entries() {
        return entries;
    }

    /** The signed checkpoint of {@link #newSize()}. */
    public String checkpointNote() {
        return checkpointNote;
    }

    public byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeLong(oldSize);
            byte[] note = checkpointNote.getBytes(StandardCharsets.UTF_8);
            out.writeInt(note.length);
            out.write(note);
            out.writeInt(entries.size());
            out.write(EntryBundle.encode(entries));
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static LogBatch decode(byte[] encoded) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded));
        if (in.readInt() != MAGIC) {
            throw new IOException("Not a log batch");
        }
        long oldSize = in.readLong();
        int noteLength = in.readInt();
        if (noteLength < 0 || noteLength > SignedNote.MAX_NOTE) {
            throw new IOException("Damaged log batch");
        }
        String note = new String(in.readNBytes(noteLength), StandardCharsets.UTF_8);
        int count = in.readInt();
        if (count < 1 || count > MAX_ENTRIES) {
            throw new IOException("Damaged log batch");
        }
        return new LogBatch(oldSize, EntryBundle.decode(in.readAllBytes(), count), note);
    }
}
