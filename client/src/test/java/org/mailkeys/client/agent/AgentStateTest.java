package org.mailkeys.client.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentStateTest {
    @TempDir
    Path stateFolder;

    @Test
    void whatTheAgentKnowsShouldSurviveARestartInOwnerOnlyFiles() throws Exception {
        AgentState state = AgentState.open(stateFolder, "Bob@Acme.net");
        state.ownKey().confirmedSha256 = "ab12";
        state.ownKey().confirmedAt = Instant.parse("2026-12-01T10:00:00Z");
        state.saveOwnKey();
        ContactRecord alice = state.contactOrNew("alice@example.net");
        alice.inContacts = true;
        alice.fingerprint = "A869D709E618223FDA3E59FF8C159D4DDAB2D358";
        alice.allFingerprints = List.of("A869D709E618223FDA3E59FF8C159D4DDAB2D358", "0123456789ABCDEF0123456789ABCDEF01234567");
        alice.lastResult = ContactRecord.KEY_FOUND;
        alice.nextRefresh = Instant.parse("2026-12-02T10:00:00Z");
        alice.changesSeen = 1;
        alice.refusedFingerprint = "FFFF";
        state.save(alice);
        state.saveKey("alice@example.net", new byte[] {1, 2, 3});

        AgentState reopened = AgentState.open(stateFolder, "bob@acme.net");

        assertThat(reopened.ownKey().confirmedSha256).isEqualTo("ab12");
        assertThat(reopened.ownKey().confirmedAt).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        ContactRecord read = reopened.contact("alice@example.net").orElseThrow();
        assertThat(read.inContacts).isTrue();
        assertThat(read.allFingerprints).hasSize(2);
        assertThat(read.nextRefresh).isEqualTo(Instant.parse("2026-12-02T10:00:00Z"));
        assertThat(read.changesSeen).isEqualTo(1);
        assertThat(read.refusedFingerprint).isEqualTo("FFFF");
        assertThat(reopened.key("alice@example.net")).hasValueSatisfying(key -> assertThat(key).containsExactly(1, 2, 3));

        Path folder = reopened.folder();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                        .isEqualTo("rw-------");
            }
        }
    }

    @Test
    void aForgottenContactShouldLeaveNoFileBehind() throws Exception {
        AgentState state = AgentState.open(stateFolder, "bob@acme.net");
        ContactRecord alice = state.contactOrNew("alice@example.net");
        state.save(alice);
        state.saveKey("alice@example.net", new byte[] {1});

        state.forget(alice);

        assertThat(AgentState.open(stateFolder, "bob@acme.net").contact("alice@example.net")).isEmpty();
        try (Stream<Path> files = Files.list(state.folder().resolve("contacts"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void theAccountShouldNotEscapeTheStateFolder() {
        assertThat(AgentState.folderOf(stateFolder, "../../etc/x@y").getParent()).isEqualTo(stateFolder);
    }
}
