package org.mailkeys.store.wks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWebKeyServiceStoreTest extends WebKeyServiceStoreContract {
    @TempDir
    Path folder;
    private FileWebKeyServiceStore store;

    @BeforeEach
    void open() throws IOException {
        store = FileWebKeyServiceStore.open(folder.resolve("keys-wks"));
    }

    @Override
    protected WebKeyServiceStore store() {
        return store;
    }

    @Test
    void everyFolderAndFileShouldBeTheOwnersOnly() throws IOException {
        store.submissionKeyIfAbsent("example.net", new byte[] {1}).block();
        store.addPending(pending(ALICE, "n1", NOW.plus(Duration.ofDays(3))), 5, NOW).block();
        try (Stream<Path> paths = Files.walk(folder.resolve("keys-wks"))) {
            paths.forEach(path -> {
                try {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).as(path.toString())
                        .isEqualTo(Files.isDirectory(path) ? "rwx------" : "rw-------");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    @Test
    void theStateShouldSurviveAReopen() throws IOException {
        store.submissionKeyIfAbsent("example.net", new byte[] {7}).block();
        store.addPending(pending(ALICE, "n1", NOW.plus(Duration.ofDays(3))), 5, NOW).block();
        FileWebKeyServiceStore reopened = FileWebKeyServiceStore.open(folder.resolve("keys-wks"));
        assertThat(reopened.submissionKey("example.net").block()).containsExactly(7);
        assertThat(reopened.pending(ALICE).map(PendingSubmission::nonce).collectList().block()).containsExactly("n1");
    }

    @Test
    void aDomainThatIsNoHostNameShouldNeverBecomeAPath() {
        assertThat(store.submissionKey("../etc").onErrorReturn(new byte[0]).block()).isEmpty();
    }
}
