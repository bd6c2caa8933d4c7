package org.mailkeys.client.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContactsFileTest {
    @TempDir
    Path folder;

    @Test
    void aVCard3FileShouldGiveEveryEmailOfEveryCard() {
        String vcard = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Alice\r\nEMAIL;TYPE=INTERNET,HOME:Alice@Example.net\r\n"
                + "EMAIL;TYPE=WORK:alice@work.example\r\nEND:VCARD\r\n"
                + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob\r\nEMAIL:bob@acme.net\r\nEND:VCARD\r\n";

        assertThat(ContactsFile.parse(vcard)).containsExactly("alice@example.net", "alice@work.example", "bob@acme.net");
    }

    @Test
    void aVCard4FileShouldBeReadToo() {
        String vcard = "\uFEFFBEGIN:VCARD\nVERSION:4.0\nFN:Carol\nEMAIL;TYPE=work;PREF=1:carol@example.org\n"
                + "EMAIL:mailto:carol2@example.org\nTEL:+1 555\nEND:VCARD\n";

        assertThat(ContactsFile.parse(vcard)).containsExactly("carol@example.org", "carol2@example.org");
    }

    @Test
    void foldedLinesAndOddValuesShouldNotYieldWrongAddresses() {
        String vcard = "BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:dave@exa\r\n mple.net\r\nEMAIL:not an address\r\n"
                + "EMAIL:\r\nEND:VCARD\r\n";

        assertThat(ContactsFile.parse(vcard)).containsExactly("dave@example.net");
    }

    @Test
    void aPlainListShouldTakeOneAddressALineWithCommentsAndDuplicates() {
        String list = "# my contacts\nalice@example.net\n\n  BOB@acme.net  # colleague\nalice@example.net\nnonsense\n";

        assertThat(ContactsFile.parse(list)).containsExactly("alice@example.net", "bob@acme.net");
    }

    @Test
    void noMoreThanTheLimitShouldBeTaken() {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < ContactsFile.MAX_CONTACTS + 10; i++) {
            list.append("user").append(i).append("@example.net\n");
        }

        assertThat(ContactsFile.parse(list.toString())).hasSize(ContactsFile.MAX_CONTACTS);
    }

    @Test
    void theFileShouldBeReadAgainOnlyWhenItChanges() throws IOException {
        Path file = folder.resolve("contacts.txt");
        Files.writeString(file, "alice@example.net\n", StandardCharsets.UTF_8);
        ContactsFile contacts = new ContactsFile(file);

        assertThat(contacts.readIfChanged()).hasValue(java.util.List.of("alice@example.net"));
        assertThat(contacts.readIfChanged()).isEmpty();

        Files.writeString(file, "alice@example.net\nbob@acme.net\n", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(contacts.readIfChanged()).hasValue(java.util.List.of("alice@example.net", "bob@acme.net"));
    }

    @Test
    void aFileOverTheSizeLimitShouldBeRefused() throws IOException {
        Path file = folder.resolve("huge.txt");
        try (java.io.RandomAccessFile huge = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            huge.setLength(ContactsFile.MAX_BYTES + 1);
        }

        assertThatThrownBy(() -> new ContactsFile(file).readIfChanged()).isInstanceOf(IOException.class)
                .hasMessageContaining("larger than");
    }
}
