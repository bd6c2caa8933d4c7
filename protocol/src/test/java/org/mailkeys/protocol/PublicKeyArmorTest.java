package org.mailkeys.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class PublicKeyArmorTest {
    private static final byte[] ALICE = Fixtures.keyBytes("alice.asc");

    @Test
    void aKeyFileShouldBeReadArmoredOrBinary() throws Exception {
        assertThat(PublicKeyArmor.keyBytesOfFile(Fixtures.bytes("/keys/alice.asc"))).containsExactly(ALICE);
        assertThat(PublicKeyArmor.keyBytesOfFile(ALICE)).containsExactly(ALICE);
        assertThat(ALICE[0] & 0xff).isEqualTo(0x98); // old-format public key packet, as GnuPG writes it
    }

    @Test
    void aKeyFileWithArmorHeadersAndCrlfShouldGiveTheSameKeyBytes() throws Exception {
        String armored = PublicKeyArmor.armor(ALICE).replace("-----\r\n\r\n", "-----\r\nComment: test\r\nVersion: x\r\n\r\n");

        assertThat(PublicKeyArmor.keyBytesOfFile(armored.getBytes(StandardCharsets.US_ASCII))).containsExactly(ALICE);
    }

    @Test
    void armorShouldCarryTheCrcGnuPgWrites() {
        String crcLine = Fixtures.text("/keys/alice.asc").lines()
            .filter(line -> line.startsWith("=") && line.length() == 5).findFirst().orElseThrow();

        assertThat(PublicKeyArmor.armor(ALICE)).contains("\r\n" + crcLine + "\r\n");
    }

    @Test
    void aSecretKeyFileShouldBeRefusedArmoredOrBinaryOrDisguised() throws Exception {
        byte[] armoredSecret = Fixtures.bytes("/keys/alice-secret.asc");
        byte[] disguised = Fixtures.bytes("/keys/alice-secret-in-public-armor.asc");
        byte[] secretPackets = Base64.getDecoder().decode(Fixtures.text("/keys/alice-secret.asc").lines()
            .filter(line -> !line.startsWith("-----") && !line.isBlank() && !line.startsWith("="))
            .reduce("", String::concat));

        for (byte[] secret : new byte[][] {armoredSecret, disguised, secretPackets}) {
            assertThatThrownBy(() -> PublicKeyArmor.keyBytesOfFile(secret))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SECRET_KEY));
        }
    }

    @Test
    void aFileThatIsNoKeyShouldBeMalformed() {
        assertThatThrownBy(() -> PublicKeyArmor.keyBytesOfFile("hello".getBytes(StandardCharsets.US_ASCII)))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED));
        assertThatThrownBy(() -> PublicKeyArmor.keyBytesOfFile(new byte[] {(byte) 0x98, 0x33}))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED));
    }

    @Test
    void primaryKeysShouldBeCounted() throws Exception {
        byte[] two = new byte[ALICE.length * 2];
        System.arraycopy(ALICE, 0, two, 0, ALICE.length);
        System.arraycopy(ALICE, 0, two, ALICE.length, ALICE.length);

        assertThat(PublicKeyArmor.primaryKeyCount(ALICE)).isEqualTo(1);
        assertThat(PublicKeyArmor.primaryKeyCount(PublicKeyArmor.keyBytesOfFile(two))).isEqualTo(2);
        assertThat(PublicKeyArmor.primaryKeyCount(Fixtures.keyBytes("two-keys.asc"))).isEqualTo(2);
    }

    @Test
    void armorShouldWriteOnePublicKeyBlockWithCrlfAndNoHeaders() {
        String armor = PublicKeyArmor.armor(ALICE);

        assertThat(armor).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----\r\n\r\n")
            .endsWith("-----END PGP PUBLIC KEY BLOCK-----\r\n")
            .doesNotContain("Version")
            .doesNotContain("Comment");
        assertThat(armor.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
    }

    @Test
    void armorShouldReadBackToTheSameBytes() throws Exception {
        assertThat(PublicKeyArmor.keyBytes(PublicKeyArmor.armor(ALICE))).isEqualTo(ALICE);
    }

    @Test
    void armorShouldMatchWhatBouncyCastleDecodes() {
        assertThat(Packets.decodeArmor(PublicKeyArmor.armor(ALICE))).isEqualTo(ALICE);
    }

    @Test
    void armorShouldRefuseBytesThatAreNotAPublicKey() {
        byte[] secret = Packets.decodeArmor(Fixtures.text("/keys/alice-secret.asc"));

        assertThatThrownBy(() -> PublicKeyArmor.armor(secret)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublicKeyArmor.armor(new byte[] {1, 2, 3}))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyBytesShouldMatchWhatBouncyCastleDecodesFromGnuPgArmor() throws Exception {
        String text = Fixtures.text("/keys/carol-rsa3072.asc");

        assertThat(PublicKeyArmor.keyBytes(text)).isEqualTo(Packets.decodeArmor(text));
    }

    @Test
    void keyBytesShouldNotDependOnLineWrapping() throws Exception {
        String text = Fixtures.text("/keys/carol-rsa3072.asc");

        assertThat(PublicKeyArmor.keyBytes(rewrap(text, 76))).isEqualTo(PublicKeyArmor.keyBytes(text));
    }

    /** RFC 9580 section 6.1: a receiver MUST NOT reject an object whose CRC24 disagrees; the MAC detects changes. */
    @Test
    void keyBytesShouldIgnoreACrcThatDisagrees() throws Exception {
        String text = Fixtures.text("/keys/alice.asc");
        String crc = text.replaceAll("(?s).*\n(=....)\n.*", "$1");
        String wrongCrc = text.replace("\n" + crc + "\n", "\n" + (crc.equals("=AAAA") ? "=BBBB" : "=AAAA") + "\n");
        assertThat(wrongCrc).isNotEqualTo(text);

        assertThat(PublicKeyArmor.keyBytes(wrongCrc)).isEqualTo(ALICE);
    }

    @Test
    void keyBytesShouldAcceptArmorWithoutCrc() throws Exception {
        String withoutCrc = Fixtures.text("/keys/alice.asc").replaceFirst("\n=....\n", "\n");

        assertThat(PublicKeyArmor.keyBytes(withoutCrc)).isEqualTo(ALICE);
    }

    @Test
    void keyBytesShouldRejectTextAroundTheBlock() {
        assertThatThrownBy(() -> PublicKeyArmor.keyBytes("Here is my key:\n" + Fixtures.text("/keys/alice.asc")))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED));
    }

    @Test
    void keyBytesShouldRejectAPrivateKeyBlock() {
        assertThatThrownBy(() -> PublicKeyArmor.keyBytes(Fixtures.text("/keys/alice-secret.asc")))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SECRET_KEY));
    }

    @Test
    void keyBytesShouldAcceptAnArmorHeaderWithAnEmptyValue() throws Exception {
        String text = Fixtures.text("/keys/alice.asc").replace("BLOCK-----\n\n", "BLOCK-----\nComment: \n\n");

        assertThat(PublicKeyArmor.keyBytes(text)).isEqualTo(ALICE);
    }

    @Test
    void keyBytesShouldRejectHeadersWithoutTheBlankLine() {
        String text = Fixtures.text("/keys/alice.asc").replace("BLOCK-----\n\n", "BLOCK-----\nVersion: 1\n");

        assertThatThrownBy(() -> PublicKeyArmor.keyBytes(text))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED));
    }

    @Test
    void keyBytesShouldRejectDataAfterPadding() {
        String text = Fixtures.text("/keys/alice.asc").replaceFirst("\n=", "\nAAAA\n=");

        assertThatThrownBy(() -> PublicKeyArmor.keyBytes(text))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED));
    }

    /** The same armor with its base64 data wrapped at another line length. */
    static String rewrap(String armor, int width) {
        String[] lines = armor.split("\n");
        StringBuilder data = new StringBuilder();
        String crc = "";
        for (int i = 2; i < lines.length - 1; i++) {
            if (lines[i].startsWith("=")) {
                crc = lines[i];
            } else {
                data.append(lines[i]);
            }
        }
        StringBuilder out = new StringBuilder(lines[0]).append("\n\n");
        for (int i = 0; i < data.length(); i += width) {
            out.append(data, i, Math.min(data.length(), i + width)).append('\n');
        }
        return out.append(crc).append('\n').append(lines[lines.length - 1]).append('\n').toString();
    }
}
