package org.mailkeys.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostAndPortTest {
    @Test
    void aHostAloneShouldTakeTheDefaultPort() {
        assertThat(HostAndPort.parse("mail.acme.net", 587)).isEqualTo(new HostAndPort("mail.acme.net", 587));
    }

    @Test
    void aGivenPortShouldWin() {
        assertThat(HostAndPort.parse("127.0.0.1:5353", 53)).isEqualTo(new HostAndPort("127.0.0.1", 5353));
    }

    @Test
    void ipv6LiteralsShouldBeUnderstood() {
        assertThat(HostAndPort.parse("[::1]:2525", 25)).isEqualTo(new HostAndPort("::1", 2525));
        assertThat(HostAndPort.parse("::1", 25)).isEqualTo(new HostAndPort("::1", 25));
    }

    @Test
    void badPortsShouldBeRefused() {
        assertThatThrownBy(() -> HostAndPort.parse("host:smtp", 25)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostAndPort.parse("host:70000", 25)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void implicitTlsShouldFollowThePort() {
        assertThat(MailServer.byPort(new HostAndPort("h", 465)).tls()).isEqualTo(MailServer.Tls.IMPLICIT);
        assertThat(MailServer.byPort(new HostAndPort("h", 993)).tls()).isEqualTo(MailServer.Tls.IMPLICIT);
        assertThat(MailServer.byPort(new HostAndPort("h", 587)).tls()).isEqualTo(MailServer.Tls.STARTTLS);
        assertThat(MailServer.byPort(new HostAndPort("h", 143)).tls()).isEqualTo(MailServer.Tls.STARTTLS);
    }

    @Test
    void aSchemeShouldChooseTheTlsModeWhateverThePort() {
        assertThat(MailServer.parse("smtps://mx.example.test:32465", 587))
                .isEqualTo(new MailServer(new HostAndPort("mx.example.test", 32465), MailServer.Tls.IMPLICIT));
        assertThat(MailServer.parse("imaps://mx.example.test", 993))
                .isEqualTo(new MailServer(new HostAndPort("mx.example.test", 993), MailServer.Tls.IMPLICIT));
        assertThat(MailServer.parse("submission://mx.example.test:465", 587).tls()).isEqualTo(MailServer.Tls.STARTTLS);
        assertThat(MailServer.parse("mx.example.test:465", 587).tls()).isEqualTo(MailServer.Tls.IMPLICIT);
        assertThatThrownBy(() -> MailServer.parse("http://mx.example.test", 587)).isInstanceOf(IllegalArgumentException.class);
    }
}
