package org.mailkeys.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** RFC 8461 section 3.2 (policy syntax) and 4.1 (MX patterns). */
class MtaStsPolicyTest {
    @Test
    void aPolicyShouldBeReadWithCrlfOrLfAndUnknownFieldsIgnored() {
        MtaStsPolicy policy = MtaStsPolicy.parse("version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\nmx: *.example.net\n"
                + "max_age: 604800\nextension: whatever\n").orElseThrow();

        assertThat(policy.mode()).isEqualTo(MtaStsPolicy.Mode.ENFORCE);
        assertThat(policy.mxPatterns()).containsExactly("mail.example.com", "*.example.net");
        assertThat(policy.maxAge()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void aWildcardShouldMatchExactlyOneLeftMostLabel() {
        MtaStsPolicy policy = MtaStsPolicy.parse("version: STSv1\nmode: enforce\nmx: *.example.net\nmax_age: 60\n").orElseThrow();

        assertThat(policy.allows("mx1.example.net")).isTrue();
        assertThat(policy.allows("MX1.Example.NET.")).isTrue();
        assertThat(policy.allows("example.net")).isFalse();
        assertThat(policy.allows("a.b.example.net")).isFalse();
        assertThat(policy.allows("mx1.example.net.evil.test")).isFalse();
    }

    @Test
    void anExactPatternShouldMatchOnlyThatHost() {
        MtaStsPolicy policy = MtaStsPolicy.parse("version: STSv1\nmode: testing\nmx: mail.example.com\nmax_age: 60\n").orElseThrow();

        assertThat(policy.allows("mail.example.com")).isTrue();
        assertThat(policy.allows("evil.example.com")).isFalse();
    }

    @Test
    void whatSection32DoesNotAllowShouldBeNoPolicy() {
        assertThat(MtaStsPolicy.parse("version: STSv2\nmode: enforce\nmx: a.test\nmax_age: 60\n")).isEmpty();
        assertThat(MtaStsPolicy.parse("mode: enforce\nmx: a.test\nmax_age: 60\n")).isEmpty();
        assertThat(MtaStsPolicy.parse("version: STSv1\nmode: strict\nmx: a.test\nmax_age: 60\n")).isEmpty();
        assertThat(MtaStsPolicy.parse("version: STSv1\nmode: enforce\nmax_age: 60\n")).isEmpty();
        assertThat(MtaStsPolicy.parse("version: STSv1\nmode: enforce\nmx: a.test\nmax_age: -1\n")).isEmpty();
        assertThat(MtaStsPolicy.parse("version: STSv1\nmode: enforce\nmx: a.test\n")).isEmpty();
        assertThat(MtaStsPolicy.parse("<html>not a policy</html>")).isEmpty();
    }

    @Test
    void modeNoneShouldNeedNoMxAndMaxAgeShouldBeCappedAtAYear() {
        MtaStsPolicy policy = MtaStsPolicy.parse("version: STSv1\nmode: none\nmax_age: 9999999999\n").orElseThrow();

        assertThat(policy.mode()).isEqualTo(MtaStsPolicy.Mode.NONE);
        assertThat(policy.maxAge().getSeconds()).isEqualTo(MtaStsPolicy.MAX_AGE_LIMIT_SECONDS);
    }
}
