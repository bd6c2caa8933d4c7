package org.mailkeys.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MailAddressesTest {
    @Test
    void isPlausibleShouldAcceptCommonAddresses() {
        assertThat(MailAddresses.isPlausible("alice@example.net")).isTrue();
        assertThat(MailAddresses.isPlausible("alice.liddell+keys@mail.example-1.net")).isTrue();
        assertThat(MailAddresses.isPlausible("bob@localhost")).isTrue();
        assertThat(MailAddresses.isPlausible("a".repeat(64) + "@example.net")).isTrue();
    }

    @Test
    void isPlausibleShouldRefuseAnythingButOneBareAddress() {
        assertThat(MailAddresses.isPlausible(null)).isFalse();
        assertThat(MailAddresses.isPlausible("")).isFalse();
        assertThat(MailAddresses.isPlausible("alice@example.net bob@example.net")).isFalse();
        assertThat(MailAddresses.isPlausible("\"alice\"@example.net")).isFalse();
        assertThat(MailAddresses.isPlausible("alice.@example.net")).isFalse();
        assertThat(MailAddresses.isPlausible("alice@example.net.")).isFalse();
        assertThat(MailAddresses.isPlausible("alice@exämple.net")).isFalse();
    }

    @Test
    void sameMailboxShouldIgnoreCase() {
        assertThat(MailAddresses.sameMailbox("Alice@Example.NET", "alice@example.net")).isTrue();
        assertThat(MailAddresses.sameMailbox("alice@example.net", "alice@example.org")).isFalse();
        assertThat(MailAddresses.sameMailbox("alice@example.net", null)).isFalse();
    }

    @Test
    void ofUserIdShouldTakeTheAngleBracketsOrABareAddress() {
        assertThat(MailAddresses.ofUserId("Alice <alice@example.net>")).contains("alice@example.net");
        assertThat(MailAddresses.ofUserId("Alice (work) <alice@example.net>")).contains("alice@example.net");
        assertThat(MailAddresses.ofUserId("alice@example.net")).contains("alice@example.net");
        assertThat(MailAddresses.ofUserId("Alice")).isEmpty();
        assertThat(MailAddresses.ofUserId("Alice <>")).isEmpty();
    }

    @Test
    void aUserIdWithAnotherAngleBracketShouldContainNoAddress() {
        assertThat(MailAddresses.ofUserId("Bob <bob@example.net> <alice@example.net>")).isEmpty();
        assertThat(MailAddresses.ofUserId("Bob <bob@example.net> alice@example.net")).isEmpty();
        assertThat(MailAddresses.ofUserId("Alice > <alice@example.net>")).isEmpty();
        assertThat(MailAddresses.ofUserId("Alice <alice@example.net> ")).isEmpty();
        assertThat(MailAddresses.ofUserId(" alice@example.net")).isEmpty();
    }

    @Test
    void aUserIdWithControlOrBidirectionalCharactersShouldContainNoAddress() {
        assertThat(MailAddresses.ofUserId("Alice\u202E <alice@example.net>")).isEmpty();
        assertThat(MailAddresses.ofUserId("Alice\u2066ten\u2069 <alice@example.net>")).isEmpty();
        assertThat(MailAddresses.ofUserId("Alice\u200F <alice@example.net>")).isEmpty();
        assertThat(MailAddresses.ofUserId("Alice\u061C <alice@example.net>")).isEmpty();
        assertThat(MailAddresses.ofUserId("Alice\r\nFrom: x <alice@example.net>")).isEmpty();
        assertThat(MailAddresses.ofUserId("Alice\u0085 <alice@example.net>")).isEmpty();
        assertThat(MailAddresses.ofUserId("Alice\u001B[31m <alice@example.net>")).isEmpty();
        assertThat(MailAddresses.ofUserId("Ali\u00E7e <alice@example.net>")).contains("alice@example.net");
    }
}
