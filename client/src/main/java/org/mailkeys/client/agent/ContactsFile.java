package org.mailkeys.client.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import ezvcard.Ezvcard;
import ezvcard.VCard;
import ezvcard.property.Email;

import org.mailkeys.protocol.MailAddresses;

/**
 * The user's contacts: a vCard file (the EMAIL properties of every card, vCard 3 and 4, read with ez-vcard) or
 * plain text with one address per line ({@code #} starts a comment). Read again when its size or modification
 * time changes. Bounded: a file over {@link #MAX_BYTES} is refused, and no more than {@link #MAX_CONTACTS}
 * addresses are taken.
 */
public final class ContactsFile {
    public static final long MAX_BYTES = 16L * 1024 * 1024;
    public static final int MAX_CONTACTS = 100_000;

    private final Path file;
    private FileTime readModified;
    private long readSize = -1;

    public ContactsFile(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The addresses, when the file changed since the last call (always on the first); empty when unchanged. */
    public Optional<List<String>> readIfChanged() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (attributes.size() == readSize && attributes.lastModifiedTime().equals(readModified)) {
            return Optional.empty();
        }
        if (attributes.size() > MAX_BYTES) {
            throw new IOException(file + " is larger than " + MAX_BYTES / (1024 * 1024) + " MiB");
        }
        List<String> addresses = parse(Files.readString(file, StandardCharsets.UTF_8));
        readSize = attributes.size();
        readModified = attributes.lastModifiedTime();
        return Optional.of(addresses);
    }

    /** The plausible mail addresses of a vCard or one-address-a-line text, lower-cased, each once, in order. */
    public static List<String> parse(String text) {
        Set<String> addresses = new LinkedHashSet<>();
        String content = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (content.stripLeading().regionMatches(true, 0, "BEGIN:VCARD", 0, 11)) {
            for (VCard card : Ezvcard.parse(content).all()) {
                for (Email email : card.getEmails()) {
                    add(addresses, email.getValue());
                }
                if (addresses.size() >= MAX_CONTACTS) {
                    break;
                }
            }
        } else {
            for (String line : content.split("\r?\n")) {
                int comment = line.indexOf('#');
                add(addresses, comment >= 0 ? line.substring(0, comment) : line);
                if (addresses.size() >= MAX_CONTACTS) {
                    break;
                }
            }
        }
        return new ArrayList<>(addresses);
    }

    private static void add(Set<String> addresses, String value) {
        if (value == null || addresses.size() >= MAX_CONTACTS) {
            return;
        }
        String address = value.trim();
        if (address.regionMatches(true, 0, "mailto:", 0, 7)) {
            address = address.substring(7);
        }
        if (!address.isEmpty() && MailAddresses.isPlausible(address)) {
            addresses.add(address.toLowerCase(Locale.ROOT));
        }
    }
}
