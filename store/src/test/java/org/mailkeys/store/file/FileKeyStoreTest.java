package org.mailkeys.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailkeys.store.KeyStoreContract.ALICE;
import static org.mailkeys.store.KeyStoreContract.TIMEOUT;
import static org.mailkeys.store.KeyStoreContract.keyOf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.store.HistoryEntry;
import org.mailkeys.store.KeyStore;
import org.mailkeys.store.KeyStoreContract;
import org.mailkeys.store.WriteOutcome;

class FileKeyStoreTest implements KeyStoreContract {
    /** z-base-32 of SHA-1("alice"). */
    private static final String ALICE_HASH = WebKeyDirectoryLayout.hashedLocalPart("alice");

    @TempDir
    Path folder;
    Path root;
    FileKeyStore keyStore;

    @BeforeEach
    void setUp() throws IOException {
        root = folder.resolve("keys");
        keyStore = FileKeyStore.open(root);
    }

    @AfterEach
    void tearDown() throws IOException {
        keyStore.close();
    }

    @Override
    public KeyStore keyStore() {
        return keyStore;
    }

    private FileKeyStore reopen() throws IOException {
        keyStore.close();
        keyStore = FileKeyStore.open(root);
        return keyStore;
    }

    @Test
    void keysShouldSurviveReopening() throws IOException {
        keyStore.put(keyOf(ALICE, 1)).block(TIMEOUT);

        assertThat(reopen().find(ALICE).block(TIMEOUT)).isEqualTo(keyOf(ALICE, 1));
    }

    @Test
    void deletionsShouldSurviveReopening() throws IOException {
        keyStore.put(keyOf(ALICE, 1)).block(TIMEOUT);
        keyStore.delete(ALICE, 3).block(TIMEOUT);

        assertThat(reopen().put(keyOf(ALICE, 2)).block(TIMEOUT)).isEqualTo(WriteOutcome.SUPERSEDED);
        assertThat(keyStore.find(ALICE).blockOptional(TIMEOUT)).isEmpty();
    }

    @Test
    void putShouldWriteTheKeyBytesAsAWebKeyDirectoryFile() throws IOException {
        keyStore.put(keyOf(ALICE, 1)).block(TIMEOUT);

        assertThat(root.resolve("example.net/hu/" + ALICE_HASH)).hasBinaryContent(keyOf(ALICE, 1).keyBytes());
        assertThat(root.resolve("example.net/policy")).exists();
    }

    @Test
    void deleteShouldRemoveTheWebKeyDirectoryFile() {
        keyStore.put(keyOf(ALICE, 1)).block(TIMEOUT);

        keyStore.delete(ALICE, 2).block(TIMEOUT);

        assertThat(root.resolve("example.net/hu/" + ALICE_HASH)).doesNotExist();
    }

    @Test
    void supersededPutShouldLeaveTheWebKeyDirectoryFileAlone() {
        keyStore.put(keyOf(ALICE, 2)).block(TIMEOUT);

        keyStore.put(keyOf(ALICE, 1)).block(TIMEOUT);

        assertThat(root.resolve("example.net/hu/" + ALICE_HASH)).hasBinaryContent(keyOf(ALICE, 2).keyBytes());
    }

    @Test
    void openShouldRemoveTemporaryFilesLeftByACrash() throws IOException {
        keyStore.put(keyOf(ALICE, 1)).block(TIMEOUT);
        Path leftOverRecord = root.resolve("example.net/records/." + ALICE_HASH + ".0000.tmp");
        Path leftOverCopy = root.resolve("example.net/hu/." + ALICE_HASH + ".0000.tmp");
        Files.write(leftOverRecord, new byte[] {'M', 'K'});
        Files.write(leftOverCopy, new byte[] {1});

        FileKeyStore reopened = reopen();

        assertThat(leftOverRecord).doesNotExist();
        assertThat(leftOverCopy).doesNotExist();
        assertThat(reopened.find(ALICE).block(TIMEOUT)).isEqualTo(keyOf(ALICE, 1));
    }

    @Test
    void openShouldRewriteAWebKeyDirectoryCopyThatACrashLeftStale() throws IOException {
        keyStore.put(keyOf(ALICE, 2)).block(TIMEOUT);
        Path copy = root.resolve("example.net/hu/" + ALICE_HASH);
        // as if the process died after renaming the record of version 2 and before renaming its copy
        Files.write(copy, keyOf(ALICE, 1).keyBytes());

        reopen();

        assertThat(copy).hasBinaryContent(keyOf(ALICE, 2).keyBytes());
    }

    @Test
    void openShouldRemoveAWebKeyDirectoryCopyOfADeletedKey() throws IOException {
        keyStore.put(keyOf(ALICE, 1)).block(TIMEOUT);
        keyStore.delete(ALICE, 2).block(TIMEOUT);
        Path copy = root.resolve("example.net/hu/" + ALICE_HASH);
        Files.write(copy, keyOf(ALICE, 1).keyBytes());

        reopen();

        assertThat(copy).doesNotExist();
    }

    @Test
    void aDamagedRecordShouldNotKeepTheOtherKeysFromBeingServed() throws IOException {
        keyStore.put(keyOf(ALICE, 1)).block(TIMEOUT);
        keyStore.put(keyOf("bob@example.net", 1)).block(TIMEOUT);
        Files.write(root.resolve("example.net/records/" + ALICE_HASH), new byte[] {'M', 'K', 'R'});

        FileKeyStore reopened = reopen();

        assertThat(reopened.find("bob@example.net").block(TIMEOUT)).isEqualTo(keyOf("bob@example.net", 1));
        assertThatThrownBy(() -> reopened.find(ALICE).block(TIMEOUT)).hasCauseInstanceOf(IOException.class);
    }

    @Test
    void historyShouldSurviveReopening() throws IOException {
        keyStore.put(keyOf(ALICE, 1)).block(TIMEOUT);
        keyStore.delete(ALICE, 2).block(TIMEOUT);

        assertThat(reopen().history(ALICE).map(HistoryEntry::version).collectList().block(TIMEOUT))
            .containsExactly(1L, 2L);
    }

    @Test
    void openShouldRemoveAHistoryEntryWhoseRecordACrashNeverWrote() throws IOException {
        keyStore.put(keyOf(ALICE, 1)).block(TIMEOUT);
        keyStore.put(keyOf(ALICE, 2)).block(TIMEOUT);
        Path record = root.resolve("example.net/records/" + ALICE_HASH);
        byte[] recordOfVersion2 = Files.readAllBytes(record);
        keyStore.put(keyOf(ALICE, 3)).block(TIMEOUT);
        // as if the process died after writing the history entry of version 3 and before renaming its record
        Files.write(record, recordOfVersion2);

        FileKeyStore reopened = reopen();

        assertThat(reopened.history(ALICE).map(HistoryEntry::version).collectList().block(TIMEOUT))
            .containsExactly(1L, 2L);
        assertThat(reopened.put(keyOf(ALICE, 3)).block(TIMEOUT)).isEqualTo(WriteOutcome.APPLIED);
    }

    @Test
    void historyEntriesShouldNeverBeRewritten() throws IOException {
        keyStore.put(keyOf(ALICE, 1)).block(TIMEOUT);
        Path entry = root.resolve("example.net/history/" + ALICE_HASH + "/0000000000000000001");
        byte[] written = Files.readAllBytes(entry);

        keyStore.put(keyOf(ALICE, 2)).block(TIMEOUT);
        keyStore.delete(ALICE, 3).block(TIMEOUT);

        assertThat(entry).hasBinaryContent(written);
        assertThat(HistoryFile.decode(written)).isEqualTo(keyStore.history(ALICE).blockFirst(TIMEOUT));
    }

    @Test
    void listingADomainShouldNotReadAnotherDomainsRecords() throws IOException {
        keyStore.put(keyOf(ALICE, 1)).block(TIMEOUT);
        keyStore.put(keyOf("dave@example.org", 1)).block(TIMEOUT);
        Files.write(root.resolve("example.org/records/" + WebKeyDirectoryLayout.hashedLocalPart("dave")),
            new byte[] {'M', 'K', 'R'});

        assertThat(keyStore.addresses("example.net", Optional.empty(), 10).collectList().block(TIMEOUT))
            .containsExactly(ALICE);
    }

    @Test
    void aSecondStoreShouldNotOpenAFolderInUse() {
        assertThatThrownBy(() -> FileKeyStore.open(root)).isInstanceOf(IOException.class);
    }

    @Test
    void hostileLocalPartShouldNotEscapeTheRoot() throws IOException {
        String hostile = "../../etc/passwd@x";

        keyStore.put(keyOf(hostile, 1)).block(TIMEOUT);

        assertThat(keyStore.find(hostile).block(TIMEOUT)).isEqualTo(keyOf(hostile, 1));
        assertThat(filesUnder(folder)).allMatch(file -> file.startsWith(root));
        assertThat(root.resolve("x/hu/" + WebKeyDirectoryLayout.hashedLocalPart("../../etc/passwd"))).exists();
    }

    @Test
    void hostileDomainsShouldBeRefusedForWritesAndHaveNoKey() throws IOException {
        for (String hostile : List.of("alice@../../etc", "alice@..", "alice@a/b", "alice@a\\b", "alice@.example",
            "alice@", "@example.net", "alice", "alice@exa mple.net", "alice@[127.0.0.1]", "alice@a\u0000b")) {
            assertThatThrownBy(() -> keyStore.put(keyOf(hostile, 1)).block(TIMEOUT))
                .as(hostile)
                .isInstanceOf(IllegalArgumentException.class);
            // a read is answered, not failed: a failed read would be "unavailable", and retried for ever
            assertThat(keyStore.find(hostile).blockOptional(TIMEOUT)).as(hostile).isEmpty();
        }
        assertThat(filesUnder(folder)).allMatch(file -> file.startsWith(root));
    }

    @Test
    void internationalDomainsShouldBeStoredUnderTheirAsciiName() {
        keyStore.put(keyOf("alice@bücher.example", 1)).block(TIMEOUT);

        assertThat(root.resolve("xn--bcher-kva.example/hu/" + ALICE_HASH)).exists();
        assertThat(keyStore.find("alice@BÜCHER.example").block(TIMEOUT)).isEqualTo(keyOf("alice@bücher.example", 1));
    }

    private static List<Path> filesUnder(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).collect(Collectors.toList());
        }
    }

    @Test
    void aKeyStoredUnderAnInternationalisedDomainShouldBeFoundUnderItsAsciiFormAndBack() {
        keyStore.put(keyOf("alice@b\u00fccher.example", 1)).block(TIMEOUT);

        assertThat(keyStore.find("alice@xn--bcher-kva.example").block(TIMEOUT).version()).isEqualTo(1);
        assertThat(keyStore.latestVersion("alice@XN--BCHER-KVA.example").block(TIMEOUT)).isEqualTo(1L);
        assertThat(keyStore.put(keyOf("alice@xn--bcher-kva.example", 2)).block(TIMEOUT)).isEqualTo(WriteOutcome.APPLIED);
        assertThat(keyStore.find("alice@b\u00fccher.example").block(TIMEOUT).version()).isEqualTo(2);
    }

    @Test
    void anAddressThatCannotNameAFileShouldHaveNoKeyRatherThanFail() {
        assertThat(keyStore.find("alice@not_a_host!name").blockOptional(TIMEOUT)).isEmpty();
        assertThat(keyStore.find("no-at-sign").blockOptional(TIMEOUT)).isEmpty();
        assertThat(keyStore.latestVersion("alice@..").blockOptional(TIMEOUT)).isEmpty();
    }
}
