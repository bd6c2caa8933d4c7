package org.mailkeys.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.protocol.KAuth;

class PendingRequestStoreTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @TempDir
    Path home;

    private PendingRequestStore storeAt(Instant now) {
        return new PendingRequestStore(home.resolve("state").resolve("mailkeys"), Duration.ofDays(2),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private static PendingRequest lookup(String messageId, Instant sentAt) {
        return new PendingRequest(messageId, RequestKind.LOOKUP, "alice@example.net", "bob@acme.net", KAuth.generate(),
                sentAt, false, Optional.empty());
    }

    @Test
    void savedRequestsShouldBeReadBackWithTheirSecretAndKeyBytes() throws Exception {
        PendingRequestStore store = storeAt(NOW);
        KAuth kAuth = KAuth.generate();
        byte[] key = {(byte) 0xC6, 1, 4};
        PendingRequest publication = new PendingRequest("<p1@acme.net>", RequestKind.PUBLISH, "bob@acme.net",
                "bob@acme.net", kAuth, NOW.minusSeconds(5), true, Optional.of(key));

        store.save(publication);

        PendingRequest read = store.find("<p1@acme.net>").orElseThrow();
        assertThat(read.kAuth()).isEqualTo(kAuth);
        assertThat(read.kind()).isEqualTo(RequestKind.PUBLISH);
        assertThat(read.address()).isEqualTo("bob@acme.net");
        assertThat(read.sentAt()).isEqualTo(NOW.minusSeconds(5));
        assertThat(read.relayed()).isTrue();
        assertThat(read.sentKeyBytes()).hasValueSatisfying(bytes -> assertThat(bytes).containsExactly(key));
    }

    @Test
    void theFolderShouldBeOwnerOnlyAndEveryFileToo() throws Exception {
        PendingRequestStore store = storeAt(NOW);

        store.save(lookup("<a@acme.net>", NOW));

        assertThat(Files.getPosixFilePermissions(store.folder())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        try (Stream<Path> files = Files.list(store.folder())) {
            files.forEach(file -> assertThat(permissions(file)).isEqualTo("rw-------"));
        }
    }

    @Test
    void anExistingFolderWithLooserPermissionsShouldBeTightened() throws Exception {
        PendingRequestStore store = storeAt(NOW);
        Files.createDirectories(store.folder(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(store.folder(), PosixFilePermissions.fromString("rwxr-xr-x"));

        store.save(lookup("<a@acme.net>", NOW));

        assertThat(permissions(store.folder())).isEqualTo("rwx------");
    }

    @Test
    void savingShouldLeaveNoTemporaryFileAndReplaceTheWholeFile() throws Exception {
        PendingRequestStore store = storeAt(NOW);
        store.save(lookup("<a@acme.net>", NOW.minusSeconds(60)));

        store.save(lookup("<a@acme.net>", NOW));

        try (Stream<Path> files = Files.list(store.folder())) {
            assertThat(files.map(file -> file.getFileName().toString())).hasSize(1).allMatch(name -> name.endsWith(".request"));
        }
        assertThat(store.find("<a@acme.net>").orElseThrow().sentAt()).isEqualTo(NOW);
    }

    @Test
    void expiredRequestsShouldBeDroppedWhenTheStoreIsRead() throws Exception {
        storeAt(NOW).save(lookup("<old@acme.net>", NOW.minus(Duration.ofDays(3))));
        storeAt(NOW).save(lookup("<new@acme.net>", NOW.minus(Duration.ofHours(1))));

        assertThat(storeAt(NOW).pending()).extracting(PendingRequest::messageId).containsExactly("<new@acme.net>");
        assertThat(storeAt(NOW).find("<old@acme.net>")).isEmpty();
    }

    @Test
    void pendingRequestsShouldComeOldestFirst() throws Exception {
        PendingRequestStore store = storeAt(NOW);
        store.save(lookup("<second@acme.net>", NOW.minusSeconds(10)));
        store.save(lookup("<first@acme.net>", NOW.minusSeconds(20)));

        assertThat(store.pending()).extracting(PendingRequest::messageId).containsExactly("<first@acme.net>", "<second@acme.net>");
    }

    @Test
    void unreadableFilesAndStaleTemporaryFilesShouldBeRemoved() throws Exception {
        PendingRequestStore store = storeAt(NOW);
        store.save(lookup("<a@acme.net>", NOW));
        Path garbage = store.folder().resolve("0123.request");
        Files.writeString(garbage, "k-auth=not base64", StandardCharsets.UTF_8);
        Path staleTemporary = store.folder().resolve(".x.request.1.tmp");
        Files.writeString(staleTemporary, "half", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(staleTemporary, FileTime.from(NOW.minus(Duration.ofDays(3))));

        assertThat(store.pending()).hasSize(1);
        assertThat(garbage).doesNotExist();
        assertThat(staleTemporary).doesNotExist();
    }

    @Test
    void removeShouldForgetARequest() throws Exception {
        PendingRequestStore store = storeAt(NOW);
        store.save(lookup("<a@acme.net>", NOW));

        store.remove("<a@acme.net>");

        assertThat(store.pending()).isEmpty();
    }

    @Test
    void aMissingFolderShouldMeanNothingPending() throws Exception {
        assertThat(storeAt(NOW).pending()).isEmpty();
    }

    @Test
    void aPendingRequestShouldNeverShowItsSecretInText() {
        PendingRequest request = lookup("<a@acme.net>", NOW);

        assertThat(request.toString()).doesNotContain(request.kAuth().toBase64());
    }

    private static String permissions(Path file) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
