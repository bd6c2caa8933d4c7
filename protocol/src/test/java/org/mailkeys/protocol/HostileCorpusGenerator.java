package org.mailkeys.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.bcpg.CompressionAlgorithmTags;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.openpgp.PGPCompressedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.api.bc.BcOpenPGPKeyGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/**
 * Writes the hostile-input corpus once; the files are kept in the repository and this class is run again only to
 * add cases (see corpus/README.md). Two folders:
 * <ul>
 * <li>{@code kst/}: requests to the KST, each a raw mail {@code NNN-name.eml} and its expected outcome
 * {@code NNN-name.expect} (Java properties), fed in file-name order through a real James by
 * james-distribution's {@code HostileCorpusTest};</li>
 * <li>{@code answers/}: mails a client may receive, each with the pending request it is read against and the
 * expected verdict, read by the client's {@code HostileAnswerCorpusTest}.</li>
 * </ul>
 * Every expectation is written from docs/PROTOCOL.md (with its "This implementation" paragraphs where the protocol
 * leaves a choice), never from what the code did when the case was made; each names the rule it checks.
 *
 * <p>Run: {@code java -cp <test classes, classes, Bouncy Castle> org.mailkeys.protocol.HostileCorpusGenerator
 * <kst folder> <answers folder>}.
 */
final class HostileCorpusGenerator {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String DOMAIN = "example.net";
    private static final String ALICE = "alice@example.net";
    private static final String DAVE = "dave@example.net";
    /** An account of a hosted internationalised domain (b\u00fccher.example), in its ASCII form. */
    private static final String IDN_ALICE = "alice@xn--bcher-kva.example";
    private static final String BOB = "bob@acme.test";
    private static final String SERVICE = "keys@example.net";
    private static final String ALICE_FINGERPRINT = "A869D709E618223FDA3E59FF8C159D4DDAB2D358";
    private static final String DAVE_FINGERPRINT = "82E355AAE123D5265BE8C5521F33F75C4C0A9C1F";

    private final Path folder;
    private int number;

    private HostileCorpusGenerator(Path folder) {
        this.folder = folder;
    }

    public static void main(String[] args) throws Exception {
        // "-" skips a folder, so that one corpus can be written again without touching the other
        if (!args[0].equals("-")) {
            Files.createDirectories(Paths.get(args[0]));
            new HostileCorpusGenerator(Paths.get(args[0])).writeKstCorpus();
        }
        if (!args[1].equals("-")) {
            Files.createDirectories(Paths.get(args[1]));
            new HostileCorpusGenerator(Paths.get(args[1])).writeAnswerCorpus();
        }
    }

    // ---------------------------------------------------------------- requests to the KST

    private void writeKstCorpus() throws Exception {
        String alice = fixture("alice.asc");
        byte[] aliceBytes = Packets.decodeArmor(alice);

        // a valid publication first: later retrievals find the key
        publication("publish-gnupg-key", ALICE, "docs/PROTOCOL.md 2.2, 2.4: a valid key is stored and confirmed with the MAC over its key bytes",
            k -> alice.stripTrailing() + "\n" + k + "\n").confirmed(aliceBytes).write();

        retrieval("retrieve-published-key", "docs/PROTOCOL.md 3.2: the stored key, MAC over the key bytes of the answer",
            k -> ALICE + "\n" + k + "\n").answer("key").expect("fingerprint", ALICE_FINGERPRINT).macValid().write();
        retrieval("retrieve-case-variant", "docs/PROTOCOL.md 2.2 and notes: local part and domain compared case-insensitively",
            k -> "ALICE@EXAMPLE.NET\n" + k + "\n").answer("key").expect("fingerprint", ALICE_FINGERPRINT).macValid().write();
        retrieval("retrieve-unknown-address", "docs/PROTOCOL.md 3.2: NOT-FOUND with MAC over the status line",
            k -> "nobody@example.net\n" + k + "\n").answer("not-found").expect("status", "NOT-FOUND nobody@example.net").macValid().write();
        retrieval("retrieve-not-local", "docs/PROTOCOL.md 4: not-local for a domain this provider does not host",
            k -> "alice@other.test\n" + k + "\n").error("not-local").macValid().write();
        retrieval("retrieve-lookalike-digit-domain", "docs/PROTOCOL.md 4: examp1e.net is another domain, not hosted",
            k -> "alice@examp1e.net\n" + k + "\n").error("not-local").macValid().write();
        retrieval("retrieve-lookalike-cyrillic-8bit", "docs/PROTOCOL.md 1: bodies are US-ASCII; a Cyrillic a is rejected",
            k -> "\u0430lice@example.net\n" + k + "\n").header("Content-Type", "text/plain; charset=utf-8")
            .header("Content-Transfer-Encoding", "8bit").utf8().error("malformed").macOptional().write();
        retrieval("retrieve-crlf-header-injection-qp", "docs/PROTOCOL.md 1, 3.1: one address line; CR LF smuggled by quoted-printable makes three lines",
            k -> "alice@example.net\r" + ENCODED_LF + "Bcc: mallory@acme.test\n" + k + "\n").qp().error("malformed").macValid().write();
        retrieval("retrieve-bare-cr-qp", "docs/PROTOCOL.md 3.1: a CR inside the address line is not an address",
            k -> "alice@example.net\r\n" + k + "\n").qp().error("malformed").macValid().write();
        retrieval("retrieve-nul-in-address-qp", "docs/PROTOCOL.md 3.1: NUL inside the queried address",
            k -> "alice\u0000@example.net\n" + k + "\n").qp().error("malformed").macValid().write();
        retrieval("retrieve-nul-in-address-raw", "docs/PROTOCOL.md 3.1: a raw NUL byte inside the queried address",
            k -> "alice\u0000@example.net\n" + k + "\n").error("malformed").macOptional().write();
        retrieval("retrieve-two-addresses", "docs/PROTOCOL.md 3.1: one queried address per request",
            k -> "alice@example.net\ncarol@example.net\n" + k + "\n").error("malformed").macValid().write();
        retrieval("retrieve-two-addresses-one-line", "docs/PROTOCOL.md 3.1: one queried address per request",
            k -> "alice@example.net, carol@example.net\n" + k + "\n").error("malformed").macValid().write();
        retrieval("retrieve-display-name", "docs/PROTOCOL.md 3.1: the line is the address, not a display name",
            k -> "Alice <alice@example.net>\n" + k + "\n").error("malformed").macValid().write();
        retrieval("retrieve-address-too-long", "notes: a queried address longer than 254 characters is malformed",
            k -> "a".repeat(250) + "@example.net\n" + k + "\n").error("malformed").macValid().write();
        retrieval("retrieve-kauth-31-bytes", "docs/PROTOCOL.md 4, notes: a K_auth of 31 bytes is not well-formed: no MAC line",
            k -> ALICE + "\n" + Base64.getEncoder().encodeToString(randomBytes(31)) + "\n").error("malformed").macAbsent().write();
        retrieval("retrieve-kauth-broken-base64", "docs/PROTOCOL.md 4: broken base64 is no K_auth: no MAC line",
            k -> ALICE + "\n" + k.substring(0, 20) + "!!" + k.substring(22) + "\n").error("malformed").macAbsent().write();
        retrieval("retrieve-without-kauth", "docs/PROTOCOL.md 3.1: a request without K_auth; no MAC line",
            k -> ALICE + "\n").error("malformed").macAbsent().write();
        retrieval("retrieve-base64-body", "docs/PROTOCOL.md 1: a base64 body is accepted",
            k -> ALICE_UNKNOWN + "\n" + k + "\n").base64().answer("not-found").macValid().write();
        retrieval("retrieve-base64-broken", "docs/PROTOCOL.md 1: broken base64 transfer encoding is rejected",
            k -> "!!!!" + Base64.getMimeEncoder().encodeToString((ALICE + "\n" + k + "\n").getBytes(StandardCharsets.US_ASCII)) + "\n")
            .header("Content-Transfer-Encoding", "base64").error("malformed").macOptional().write();
        retrieval("retrieve-qp-soft-line-breaks", "docs/PROTOCOL.md 1: quoted-printable soft line breaks are decoded",
            k -> "nobody=\n@exam=\nple.net\n" + k.substring(0, 10) + "=\n" + k.substring(10).replace("=", "=3D") + "\n").header("Content-Transfer-Encoding", "quoted-printable")
            .answer("not-found").expect("status", "NOT-FOUND nobody@example.net").macValid().write();
        retrieval("retrieve-qp-invalid-escape", "notes: an invalid quoted-printable escape is malformed",
            k -> "alice=ZZ@example.net\n" + k.replace("=", "=3D") + "\n").header("Content-Transfer-Encoding", "quoted-printable")
            .error("malformed").macOptional().write();
        retrieval("retrieve-multipart-mixed", "docs/PROTOCOL.md 1: the first text/plain part of multipart/mixed",
            k -> multipart("mixed", textPart(ALICE_UNKNOWN + "\n" + k + "\n"), attachmentPart()))
            .multipartBody("mixed").answer("not-found").macValid().write();
        retrieval("retrieve-multipart-html-first", "docs/PROTOCOL.md 1: other parts are ignored, the first text/plain counts",
            k -> multipart("mixed", htmlPart(), textPart(ALICE_UNKNOWN + "\n" + k + "\n")))
            .multipartBody("mixed").answer("not-found").macValid().write();
        retrieval("retrieve-multipart-signed", "docs/PROTOCOL.md 1: the first text/plain part of multipart/signed",
            k -> multipart("signed", textPart(ALICE_UNKNOWN + "\n" + k + "\n"), signaturePart()))
            .multipartBody("signed").answer("not-found").macValid().write();
        retrieval("retrieve-nested-multipart-3", "notes: nesting of multipart/mixed followed up to 4 levels",
            k -> nested(3, textPart(ALICE_UNKNOWN + "\n" + k + "\n"))).multipartBody("mixed").answer("not-found").macValid().write();
        retrieval("retrieve-nested-multipart-12", "notes: nesting deeper than 4 levels is not followed: malformed",
            k -> nested(12, textPart(ALICE_UNKNOWN + "\n" + k + "\n"))).multipartBody("mixed").error("malformed").macOptional().write();
        retrieval("retrieve-multipart-alternative-only", "docs/PROTOCOL.md 1, notes: multipart/alternative is ignored: no text part",
            k -> multipart("alternative", textPart(ALICE + "\n" + k + "\n"), htmlPart()))
            .multipartBody("alternative").error("malformed").macOptional().write();
        retrieval("retrieve-trailing-white-space-and-blank-lines", "docs/PROTOCOL.md 1: trailing white space and blank lines ignored",
            k -> "\n\n" + ALICE_UNKNOWN + " \t\n\n" + k + "  \n\n\n").answer("not-found").macValid().write();
        retrieval("retrieve-10000-lines", "docs/PROTOCOL.md 5: larger than the retrieval request limit, no SIZE: cut during DATA, 552",
            k -> ALICE + "\n" + k + "\n" + "x\n".repeat(10_000)).refusedData().write();
        retrieval("retrieve-10000-blank-lines", "docs/PROTOCOL.md 5: larger than the retrieval request limit (blank lines count), no SIZE: cut during DATA, 552",
            k -> ALICE + "\n" + k + "\n" + "\n".repeat(10_000)).refusedData().write();
        retrieval("retrieve-oversized-header", "docs/PROTOCOL.md 5: the limit counts the whole mail, headers too; no SIZE: cut during DATA, 552",
            k -> ALICE + "\n" + k + "\n").header("X-Padding", String.join("\r\n ", Collections.nCopies(80, "y".repeat(70))))
            .refusedData().write();
        retrieval("retrieve-auto-submitted", "docs/PROTOCOL.md 5: Auto-Submitted other than no",
            k -> ALICE + "\n" + k + "\n").header("Auto-Submitted", "auto-replied").dropped("auto-submitted").write();
        retrieval("retrieve-auto-submitted-upper-case", "docs/PROTOCOL.md 5: Auto-Submitted values are case-insensitive (RFC 3834)",
            k -> ALICE + "\n" + k + "\n").header("Auto-Submitted", "AUTO-GENERATED").dropped("auto-submitted").write();
        retrieval("retrieve-auto-submitted-no", "docs/PROTOCOL.md 5: Auto-Submitted: no is answered",
            k -> ALICE_UNKNOWN + "\n" + k + "\n").header("Auto-Submitted", "no").answer("not-found").macValid().write();
        retrieval("retrieve-list-id", "docs/PROTOCOL.md 5: List-Id", k -> ALICE + "\n" + k + "\n")
            .header("List-Id", "<keys.lists.acme.test>").dropped("mailing-list").write();
        retrieval("retrieve-list-unsubscribe", "docs/PROTOCOL.md 5: any List-* header", k -> ALICE + "\n" + k + "\n")
            .header("List-Unsubscribe", "<mailto:leave@acme.test>").dropped("mailing-list").write();
        retrieval("retrieve-precedence-bulk", "docs/PROTOCOL.md 5: Precedence bulk", k -> ALICE + "\n" + k + "\n")
            .header("Precedence", "bulk").dropped("precedence").write();
        retrieval("retrieve-precedence-junk", "docs/PROTOCOL.md 5: Precedence junk", k -> ALICE + "\n" + k + "\n")
            .header("Precedence", "junk").dropped("precedence").write();
        retrieval("retrieve-precedence-list", "docs/PROTOCOL.md 5: Precedence list", k -> ALICE + "\n" + k + "\n")
            .header("Precedence", "list").dropped("precedence").write();
        retrieval("retrieve-multipart-report", "docs/PROTOCOL.md 5: a multipart/report is never answered",
            k -> multipart("report", textPart(ALICE + "\n" + k + "\n"), attachmentPart()))
            .multipartBody("report; report-type=delivery-status").dropped("multipart-report").write();
        retrieval("retrieve-null-sender", "docs/PROTOCOL.md 5: null envelope sender", k -> ALICE + "\n" + k + "\n")
            .envelope("").dropped("null-sender").write();
        retrieval("retrieve-from-service-address", "docs/PROTOCOL.md 5: the sender is a service address (a loop)",
            k -> ALICE + "\n" + k + "\n").envelope(SERVICE).dropped("service-sender").write();
        retrieval("retrieve-from-service-address-case-variant", "docs/PROTOCOL.md 5: the sender is a service address, in other case",
            k -> ALICE + "\n" + k + "\n").envelope("KEYS@Example.NET").dropped("service-sender").write();
        retrieval("retrieve-from-other-hosted-service-address", "docs/PROTOCOL.md 5: keys@ of another hosted domain is a service address too",
            k -> ALICE + "\n" + k + "\n").envelope("keys@acme.test").dropped("service-sender").write();
        retrieval("retrieve-declared-size-over-limit", "issue 13 item 7: refused at RCPT when SIZE= declares more than the retrieval limit",
            k -> ALICE + "\n" + k + "\n").expect("declare.size", "100000").expect("outcome", "refused-rcpt").write();
        retrieval("retrieve-auth-on-mx-listener", "issue 13 item 6, docs/PROTOCOL.md 2: the MX listener takes no password, before or after STARTTLS",
            k -> ALICE + "\n" + k + "\n").expect("auth.as", ALICE).expect("outcome", "refused-auth").write();
        retrieval("retrieve-sender-javamail-refuses-trailing-dot", "issue 13 item 8: an answer or a drop, never the error repository",
            k -> ALICE_UNKNOWN + "\n" + k + "\n").envelope("bob.@acme.test").expect("outcome", "answer-or-drop").write();
        retrieval("retrieve-sender-javamail-refuses-quoted", "issue 13 item 8: an answer or a drop, never the error repository",
            k -> ALICE_UNKNOWN + "\n" + k + "\n").envelope("\"bob..smith\"@acme.test").expect("outcome", "answer-or-drop").write();
        retrieval("retrieve-idn-utf8-domain", "docs/PROTOCOL.md 1, 3.1: the Unicode form of a hosted domain is not US-ASCII",
            k -> "alice@b\u00fccher.example\n" + k + "\n").header("Content-Type", "text/plain; charset=utf-8")
            .header("Content-Transfer-Encoding", "8bit").utf8().error("malformed").macOptional().write();
        retrieval("retrieve-idn-punycode-not-hosted", "docs/PROTOCOL.md 4: a punycode domain this provider does not host",
            k -> "alice@xn--caf-dma.example\n" + k + "\n").error("not-local").macValid().write();
        retrieval("retrieve-forged-authenticated-received-header",
            "docs/PROTOCOL.md 2.2: a Received line saying Authenticated sender is text: anonymous publication form is malformed",
            k -> alice.stripTrailing() + "\n" + k + "\n")
            .leadingHeader("Received", "from mua.example.net (mua.example.net [192.0.2.7]) (Authenticated sender: " + ALICE
                + ") by mail.example.net with ESMTPSA; Sat, 28 Nov 2026 12:00:00 +0000")
            .error("malformed").macValid().write();
        publication("retrieve-authenticated-oversized", ALICE, "issue 13 item 7, docs/PROTOCOL.md 5: an authenticated retrieval request over the limit is dropped too",
            k -> ALICE + "\n" + k + "\n").header("X-Padding", String.join("\r\n ", Collections.nCopies(80, "y".repeat(70))))
            .dropped("oversized-retrieval").write();

        // issue 13 item 8: an internationalised domain, hosted in its ASCII (punycode) form
        byte[] idnKey = ed25519Key("Alice <" + IDN_ALICE + ">");
        publication("publish-idn-domain-account", IDN_ALICE, "docs/PROTOCOL.md 2.2: a key for an account of a punycode domain",
            k -> armor("PUBLIC KEY BLOCK", idnKey) + k + "\n").confirmed(idnKey).write();
        retrieval("retrieve-idn-domain-upper-case", "docs/PROTOCOL.md 2.2 and notes: the domain compared case-insensitively, in its ASCII form",
            k -> IDN_ALICE.toUpperCase(java.util.Locale.ROOT) + "\n" + k + "\n").answer("key")
            .expect("fingerprint", PublicKeys.fingerprint(idnKey).orElseThrow()).macValid().write();
        retrieval("retrieve-idn-domain-unicode-qp", "docs/PROTOCOL.md 1, 3.1: the Unicode form, smuggled by quoted-printable, is not US-ASCII",
            k -> "alice@b\u00fccher.example\n" + k + "\n").header("Content-Type", "text/plain; charset=utf-8").qp()
            .error("malformed").macOptional().write();

        // publications: each refused one leaves the store as it is
        String[] aliceLines = alice.replace("\r\n", "\n").split("\n");
        publication("publish-truncated-armor", ALICE, "docs/PROTOCOL.md 1, 2.2 item 1: an armor block without its END line",
            k -> String.join("\n", java.util.Arrays.copyOf(aliceLines, aliceLines.length / 2)) + "\n" + k + "\n")
            .error("malformed").macOptional().write();
        publication("publish-truncated-packets", ALICE, "docs/PROTOCOL.md 4: bad-key, the key does not parse (packets cut short)",
            k -> armor("PUBLIC KEY BLOCK", java.util.Arrays.copyOf(aliceBytes, aliceBytes.length - 40)) + k + "\n")
            .error("bad-key").macValid().write();
        publication("publish-bad-crc", ALICE, "docs/PROTOCOL.md 1 (key bytes ignore the CRC line) and RFC 9580 6.1 (a receiver MUST NOT reject an object whose CRC24 disagrees): the key is valid",
            k -> withBadCrc(alice) + k + "\n").confirmed(aliceBytes).write();
        publication("publish-compressed-packet", ALICE, "docs/PROTOCOL.md 2.2 item 2: a compressed data packet is not a transferable public key",
            k -> armor("PUBLIC KEY BLOCK", compressed(aliceBytes)) + k + "\n").error("bad-key").macValid().write();
        publication("publish-encrypted-packet", ALICE, "docs/PROTOCOL.md 2.2 item 2: an encrypted data packet is not a transferable public key",
            k -> armor("PUBLIC KEY BLOCK", encryptedPacket()) + k + "\n").error("bad-key").macValid().write();
        publication("publish-v3-key", ALICE, "docs/PROTOCOL.md 2.2 items 3, 5: a v3 key (RFC 4880 5.5.2, deprecated) without a valid self-signature",
            k -> armor("PUBLIC KEY BLOCK", v3Key("Alice <alice@example.net>")) + k + "\n").error("bad-key").macValid().write();
        byte[] v6 = v6Key("Alice <alice@example.net>");
        publication("publish-v6-key", ALICE, "docs/PROTOCOL.md 1 (RFC 9580), 2.2 item 5: a v6 Ed25519 key is on the list",
            k -> armor("PUBLIC KEY BLOCK", v6) + k + "\n").confirmed(v6).write();
        byte[] v6Forged = withJunkSignatureBits(v6);
        publication("publish-v6-key-forged-signatures", ALICE, "docs/PROTOCOL.md 2.2 item 3: a v6 key whose self-signatures do not verify",
            k -> armor("PUBLIC KEY BLOCK", v6Forged) + k + "\n").error("bad-key").macValid().write();
        byte[] expired = TestKeys.ed25519(new Date(System.currentTimeMillis() - 3L * 365 * 86_400_000L))
            .withUserId("Alice <alice@example.net>", new Date(System.currentTimeMillis() - 3L * 365 * 86_400_000L), 86_400).bytes();
        publication("publish-expired-key", ALICE, "docs/PROTOCOL.md 2.2: an expired key is accepted",
            k -> armor("PUBLIC KEY BLOCK", expired) + k + "\n").confirmed(expired).write();
        byte[] revoked = TestKeys.ed25519().withUserId("Alice <alice@example.net>").revoked().bytes();
        publication("publish-revoked-key", ALICE, "docs/PROTOCOL.md 2.2: a revoked key is accepted",
            k -> armor("PUBLIC KEY BLOCK", revoked) + k + "\n").confirmed(revoked).write();
        publication("publish-dsa-16384-junk-signatures", ALICE,
            "issue 13 item 1, docs/PROTOCOL.md 2.2 item 5: DSA over 3072 bits is refused before any signature is verified",
            k -> armor("PUBLIC KEY BLOCK", hugeKey(PublicKeyAlgorithmTags.DSA, 16_384, 3)) + k + "\n")
            .error("bad-key").macValid().expect("max.seconds", "20").write();
        publication("publish-rsa-16384-huge-exponent", ALICE,
            "issue 13 item 1, docs/PROTOCOL.md 2.2 item 5: RSA over 8192 bits with an exponent over 2^33",
            k -> armor("PUBLIC KEY BLOCK", hugeKey(PublicKeyAlgorithmTags.RSA_GENERAL, 16_384, 3)) + k + "\n")
            .error("bad-key").macValid().expect("max.seconds", "20").write();
        publication("publish-rsa-1024", ALICE, "docs/PROTOCOL.md 2.2 item 5: RSA under 2048 bits is not on the list",
            k -> armor("PUBLIC KEY BLOCK", rsaKey(1024, "Alice <alice@example.net>")) + k + "\n").error("bad-key").macValid().write();
        byte[] weakSubkey = ed25519WithRsaSubkey("Alice <alice@example.net>", 1024);
        publication("publish-rsa-1024-subkey", ALICE, "docs/PROTOCOL.md 2.2 item 5: a subkey outside the list is dropped, the key accepted",
            k -> armor("PUBLIC KEY BLOCK", weakSubkey) + k + "\n").confirmed(weakSubkey).write();
        for (String[] uid : new String[][] {
            {"two-addresses", "Bob <bob@example.net> <alice@example.net>", "issue 13 item 4, docs/PROTOCOL.md 2.2: a user ID with another < >"},
            {"bidi-override", "Alice \u202egro.elpmaxe@bob\u202c <alice@example.net>", "docs/PROTOCOL.md 2.2: a user ID with a bidirectional control is dropped"},
            {"control-character", "Alice\u001b[2J <alice@example.net>", "docs/PROTOCOL.md 2.2: a user ID with a control character is dropped"},
            {"newline", "Alice\n<alice@example.net>", "docs/PROTOCOL.md 2.2: a user ID with a line break is dropped"},
            {"lookalike-domain", "Alice <alice@examp1e.net>", "docs/PROTOCOL.md 2.2 item 3: another address"},
            {"lookalike-cyrillic", "Alice <\u0430lice@example.net>", "docs/PROTOCOL.md 2.2 item 3: another address (Cyrillic a)"},
            {"address-as-comment", "alice@example.net <mallory@acme.test>", "docs/PROTOCOL.md 2.2: the address must be the one in < >"},
            {"unclosed-bracket", "Alice <alice@example.net", "docs/PROTOCOL.md 2.2: neither exactly the address nor ending in <address>"},
        }) {
            byte[] key = ed25519Key(uid[1]);
            publication("publish-uid-" + uid[0], ALICE, uid[2], k -> armor("PUBLIC KEY BLOCK", key) + k + "\n")
                .error("address-mismatch").macValid().write();
        }
        byte[] caseVariant = ed25519Key("Alice <ALICE@Example.NET>");
        publication("publish-uid-case-variant", ALICE, "docs/PROTOCOL.md 2.2 item 3: case-insensitive comparison",
            k -> armor("PUBLIC KEY BLOCK", caseVariant) + k + "\n").confirmed(caseVariant).write();
        byte[] bare = ed25519Key(ALICE);
        publication("publish-uid-bare-address", ALICE, "docs/PROTOCOL.md 2.2: a user ID that is exactly the address",
            k -> armor("PUBLIC KEY BLOCK", bare) + k + "\n").confirmed(bare).write();
        publication("publish-secret-key", ALICE, "docs/PROTOCOL.md 2.2 item 2: secret key material",
            k -> fixture("alice-secret.asc").stripTrailing() + "\n" + k + "\n").error("secret-key").macValid().write();
        publication("publish-secret-key-in-public-armor", ALICE, "docs/PROTOCOL.md 2.2 item 2: secret packets under a public armor line",
            k -> fixture("alice-secret-in-public-armor.asc").stripTrailing() + "\n" + k + "\n").error("secret-key").macValid().write();
        publication("publish-two-keys-in-one-block", ALICE, "docs/PROTOCOL.md 2.2 item 2: exactly one transferable public key",
            k -> fixture("two-keys.asc").stripTrailing() + "\n" + k + "\n").error("bad-key").macValid().write();
        publication("publish-two-blocks", ALICE, "docs/PROTOCOL.md 2.2 item 1: exactly one armored block",
            k -> alice.stripTrailing() + "\n" + fixture("carol-rsa3072.asc").stripTrailing() + "\n" + k + "\n").error("malformed").macValid().write();
        publication("publish-no-key", ALICE, "docs/PROTOCOL.md 4: a publication without a key block",
            k -> k + "\n").error("no-key").macValid().write();
        publication("publish-over-64-kib", ALICE, "docs/PROTOCOL.md 2.2 item 4: over the publication limit",
            k -> fixture("alice-2000-certifications.asc").stripTrailing() + "\n" + k + "\n").error("too-large").macOptional().write();
        publication("publish-kauth-33-bytes", ALICE, "docs/PROTOCOL.md 4: not a well-formed K_auth: malformed without MAC",
            k -> alice.stripTrailing() + "\n" + Base64.getEncoder().encodeToString(randomBytes(33)) + "\n").error("malformed").macAbsent().write();
        publication("publish-junk-after-kauth", ALICE, "docs/PROTOCOL.md 1: anything else is rejected",
            k -> alice.stripTrailing() + "\n" + k + "\nThanks!\n").error("malformed").macValid().write();
        publication("publish-10000-junk-lines", ALICE, "docs/PROTOCOL.md 1: 10,000 lines that are neither armor nor K_auth",
            k -> "x\n".repeat(10_000) + alice.stripTrailing() + "\n" + k + "\n").error("malformed").macValid().write();
        publication("publish-key-of-other-address", ALICE, "docs/PROTOCOL.md 4: address-mismatch",
            k -> fixture("alice-other-address.asc").stripTrailing() + "\n" + k + "\n").error("address-mismatch").macValid().write();
        publication("publish-public-key-armor-around-a-message", ALICE, "docs/PROTOCOL.md 2.2 item 1: a PGP MESSAGE block is not a key block",
            k -> alice.stripTrailing().replace("PUBLIC KEY BLOCK", "MESSAGE") + "\n" + k + "\n").error("malformed").macValid().write();
        publication("publish-base64-body", ALICE, "docs/PROTOCOL.md 1: a base64 body is accepted",
            k -> alice.stripTrailing() + "\n" + k + "\n").base64().confirmed(aliceBytes).write();
        publication("publish-quoted-printable-body", ALICE, "docs/PROTOCOL.md 1: a quoted-printable body is accepted",
            k -> alice.stripTrailing() + "\n" + k + "\n").qp().confirmed(aliceBytes).write();
        publication("publish-nested-multipart", ALICE, "docs/PROTOCOL.md 1, notes: the first text/plain part, two levels deep",
            k -> nested(2, textPart(alice.stripTrailing() + "\n" + k + "\n"))).multipartBody("mixed").confirmed(aliceBytes).write();
        publication("publish-lf-only-line-ends-in-qp", ALICE, "docs/PROTOCOL.md 1: LF alone is accepted",
            k -> alice.stripTrailing() + "\n" + k + "\n").qp(true).confirmed(aliceBytes).write();
        publication("delete-key", ALICE, "docs/PROTOCOL.md 2.4: DELETED <address> and the MAC over that status line",
            k -> "DELETE\n" + k + "\n").answer("deleted").expect("status", "DELETED " + ALICE).macValid().expect("store", "deleted " + ALICE).write();
        retrieval("retrieve-after-delete", "docs/PROTOCOL.md 2.3, 3.2: a deleted key is not found",
            k -> ALICE + "\n" + k + "\n").answer("not-found").expect("status", "NOT-FOUND " + ALICE).macValid().write();
        byte[] daveBytes = Packets.decodeArmor(fixture("dave-two-uids-photo-certified.asc"));
        publication("publish-photo-certifications-other-uid", DAVE, "docs/PROTOCOL.md 2.3: stored without photo, certifications and the other user ID",
            k -> fixture("dave-two-uids-photo-certified.asc").stripTrailing() + "\n" + k + "\n").confirmed(daveBytes).write();
        retrieval("retrieve-sanitised-key", "docs/PROTOCOL.md 2.3: only the account's user ID, no photo, no third-party certification",
            k -> DAVE + "\n" + k + "\n").answer("key").expect("fingerprint", DAVE_FINGERPRINT)
            .expect("key.user.ids", "Dave <dave@example.net>").macValid().write();
    }

    private static final String ALICE_UNKNOWN = "nobody@example.net";

    // ---------------------------------------------------------------- answers to the client

    private void writeAnswerCorpus() throws Exception {
        String alice = fixture("alice.asc");
        byte[] aliceBytes = Packets.decodeArmor(alice);
        String armoredAlice = PublicKeyArmor.armor(aliceBytes);

        answer("key-found", "LOOKUP", ALICE, "docs/PROTOCOL.md 3.2: a verifying key answer",
            (k, id) -> armoredAlice + k.macOver(aliceBytes).toBase64() + "\n").outcome("KeyFound", true, true).write();
        answer("key-found-base64-transfer-encoding", "LOOKUP", ALICE, "docs/PROTOCOL.md 1: a base64 body is accepted",
            (k, id) -> armoredAlice + k.macOver(aliceBytes).toBase64() + "\n").base64().outcome("KeyFound", true, true).write();
        answer("key-found-in-multipart-mixed", "LOOKUP", ALICE, "docs/PROTOCOL.md 1: the first text/plain part",
            (k, id) -> multipart("mixed", htmlPart(), textPart(armoredAlice + k.macOver(aliceBytes).toBase64() + "\n")))
            .multipartBody("mixed").outcome("KeyFound", true, true).write();
        answer("key-mac-by-other-kauth", "LOOKUP", ALICE, "docs/PROTOCOL.md 3.2: a MAC that does not verify is no answer",
            (k, id) -> armoredAlice + KAuth.generate().macOver(aliceBytes).toBase64() + "\n").outcome("Tampered", false, false).write();
        byte[] changed = aliceBytes.clone();
        changed[changed.length - 3] ^= 1;
        answer("key-changed-one-bit", "LOOKUP", ALICE, "docs/PROTOCOL.md 3.2: a changed key does not verify",
            (k, id) -> PublicKeyArmor.armor(changed) + k.macOver(aliceBytes).toBase64() + "\n").outcome("Tampered", false, false).write();
        byte[] carol = Packets.decodeArmor(fixture("carol-rsa3072.asc"));
        answer("key-of-another-address-mac-valid", "LOOKUP", ALICE, "notes (client): a verified key not self-signed for the queried address is not used",
            (k, id) -> PublicKeyArmor.armor(carol) + k.macOver(carol).toBase64() + "\n").outcome("Tampered", false, false).write();
        byte[] twoAddresses = ed25519Key("Bob <bob@example.net> <alice@example.net>");
        answer("key-uid-two-addresses-mac-valid", "LOOKUP", ALICE, "issue 13 item 4, docs/PROTOCOL.md 2.2: the client applies the user-ID rule",
            (k, id) -> PublicKeyArmor.armor(twoAddresses) + k.macOver(twoAddresses).toBase64() + "\n").outcome("Tampered", false, false).write();
        byte[] hugeDsa = hugeKey(PublicKeyAlgorithmTags.DSA, 16_384, 3);
        answer("key-dsa-16384-mac-valid", "LOOKUP", ALICE, "issue 13 item 1: the client refuses the key quickly, before verifying its signatures",
            (k, id) -> armor("PUBLIC KEY BLOCK", hugeDsa) + k.macOver(hugeDsa).toBase64() + "\n")
            .outcome("Tampered", false, false).expect("max.seconds", "5").write();
        byte[] hugeRsa = hugeKey(PublicKeyAlgorithmTags.RSA_GENERAL, 16_384, 3);
        answer("key-rsa-16384-mac-valid", "LOOKUP", ALICE, "issue 13 item 1, docs/PROTOCOL.md 2.2 item 5",
            (k, id) -> armor("PUBLIC KEY BLOCK", hugeRsa) + k.macOver(hugeRsa).toBase64() + "\n")
            .outcome("Tampered", false, false).expect("max.seconds", "5").write();
        byte[] twoKeys = Packets.decodeArmor(fixture("two-keys.asc"));
        answer("two-keys-mac-valid", "LOOKUP", ALICE, "notes (client): the same key policy as the KST: one key",
            (k, id) -> armor("PUBLIC KEY BLOCK", twoKeys) + k.macOver(twoKeys).toBase64() + "\n").outcome("Tampered", false, false).write();
        byte[] secret = Packets.decodeArmor(fixture("alice-secret-in-public-armor.asc"));
        answer("secret-key-mac-valid", "LOOKUP", ALICE, "docs/PROTOCOL.md 2.2 item 2: secret material is never used",
            (k, id) -> armor("PUBLIC KEY BLOCK", secret) + k.macOver(secret).toBase64() + "\n").outcome("Tampered", false, false).write();
        byte[] v3 = v3Key("Alice <alice@example.net>");
        answer("v3-key-mac-valid", "LOOKUP", ALICE, "docs/PROTOCOL.md 2.2 item 3: no valid self-signature",
            (k, id) -> armor("PUBLIC KEY BLOCK", v3) + k.macOver(v3).toBase64() + "\n").outcome("Tampered", false, false).write();
        byte[] compressed = compressed(aliceBytes);
        answer("compressed-packet-mac-valid", "LOOKUP", ALICE, "docs/PROTOCOL.md 2.2 item 2: not a transferable public key",
            (k, id) -> armor("PUBLIC KEY BLOCK", compressed) + k.macOver(compressed).toBase64() + "\n").outcome("Tampered", false, false).write();
        String[] lines = armoredAlice.split("\r\n");
        answer("truncated-armor", "LOOKUP", ALICE, "docs/PROTOCOL.md 1: anything else is rejected",
            (k, id) -> String.join("\n", java.util.Arrays.copyOf(lines, lines.length / 2)) + "\n" + k.macOver(aliceBytes).toBase64() + "\n")
            .outcome("Tampered", false, false).write();
        answer("ten-thousand-lines", "LOOKUP", ALICE, "docs/PROTOCOL.md 1: anything else is rejected",
            (k, id) -> "x\n".repeat(10_000) + armoredAlice + k.macOver(aliceBytes).toBase64() + "\n").outcome("Tampered", false, false).write();
        answer("not-found", "LOOKUP", ALICE, "docs/PROTOCOL.md 3.2: a verified NOT-FOUND",
            (k, id) -> "NOT-FOUND " + ALICE + "\n" + k.macOver("NOT-FOUND " + ALICE).toBase64() + "\n").outcome("NotFound", true, true).write();
        answer("not-found-case-variant", "LOOKUP", ALICE, "notes: addresses compared case-insensitively",
            (k, id) -> "NOT-FOUND ALICE@Example.NET\n" + k.macOver("NOT-FOUND ALICE@Example.NET").toBase64() + "\n").outcome("NotFound", true, true).write();
        answer("not-found-for-another-address", "LOOKUP", ALICE, "docs/PROTOCOL.md 3.2: a verified answer about another address does not answer this request",
            (k, id) -> "NOT-FOUND carol@example.net\n" + k.macOver("NOT-FOUND carol@example.net").toBase64() + "\n").outcome("Tampered", false, false).write();
        answer("not-found-forged-mac", "LOOKUP", ALICE, "docs/PROTOCOL.md 3.2: a forged NOT-FOUND pushes nobody back to plain text",
            (k, id) -> "NOT-FOUND " + ALICE + "\n" + KAuth.generate().macOver("NOT-FOUND " + ALICE).toBase64() + "\n").outcome("Tampered", false, false).write();
        answer("not-found-without-mac", "LOOKUP", ALICE, "docs/PROTOCOL.md 3.2: no MAC, no answer",
            (k, id) -> "NOT-FOUND " + ALICE + "\n").outcome("Tampered", false, false).write();
        answer("not-found-nul-in-address", "LOOKUP", ALICE, "docs/PROTOCOL.md 1: a NUL in the status line",
            (k, id) -> "NOT-FOUND alice\u0000@example.net\n" + k.macOver("NOT-FOUND alice\u0000@example.net").toBase64() + "\n")
            .outcome("Tampered", false, false).write();
        answer("not-found-crlf-in-address-qp", "LOOKUP", ALICE, "docs/PROTOCOL.md 1: a CR LF smuggled into the status line",
            (k, id) -> "NOT-FOUND alice@example.net\r" + ENCODED_LF + "X: y\n" + k.macOver("NOT-FOUND alice@example.net").toBase64() + "\n")
            .qp().outcome("Tampered", false, false).write();
        answer("error-without-mac", "LOOKUP", ALICE, "docs/PROTOCOL.md 4: an ERROR without MAC MUST NOT be read as no key: not an answer",
            (k, id) -> "ERROR not-local whatever\n").outcome("ServerError", false, false).expect("verified", "false").write();
        answer("error-forged-mac", "LOOKUP", ALICE, "docs/PROTOCOL.md 3.2: an ERROR whose MAC does not verify",
            (k, id) -> "ERROR malformed no\n" + KAuth.generate().macOver("ERROR malformed no").toBase64() + "\n").outcome("Tampered", false, false).write();
        answer("error-unavailable-verified", "PUBLISH", ALICE, "notes (client): a verified unavailable keeps the request pending",
            (k, id) -> "ERROR unavailable later\n" + k.macOver("ERROR unavailable later").toBase64() + "\n")
            .outcome("ServerError", true, false).expect("verified", "true").write();
        answer("error-superseded-verified", "PUBLISH", ALICE, "docs/PROTOCOL.md 2.3, 4: a verified superseded settles the request, not published",
            (k, id) -> "ERROR superseded a newer publication was applied\n" + k.macOver("ERROR superseded a newer publication was applied").toBase64() + "\n")
            .outcome("ServerError", true, true).expect("verified", "true").write();
        answer("confirmation", "PUBLISH", ALICE, "docs/PROTOCOL.md 2.4: the MAC over the key bytes sent",
            (k, id) -> k.macOver(aliceBytes).toBase64() + "\n").outcome("Published", true, true).write();
        answer("confirmation-over-another-key", "PUBLISH", ALICE, "docs/PROTOCOL.md 2.4: a confirmation of other bytes is not a confirmation",
            (k, id) -> k.macOver(carol).toBase64() + "\n").outcome("Tampered", false, false).write();
        answer("deleted", "DELETE", ALICE, "docs/PROTOCOL.md 2.4: DELETED with the MAC over the status line",
            (k, id) -> "DELETED " + ALICE + "\n" + k.macOver("DELETED " + ALICE).toBase64() + "\n").outcome("Deleted", true, true).write();
        answer("deleted-another-address", "DELETE", ALICE, "docs/PROTOCOL.md 2.4: DELETED of another address does not answer this request",
            (k, id) -> "DELETED carol@example.net\n" + k.macOver("DELETED carol@example.net").toBase64() + "\n").outcome("Tampered", false, false).write();
        answer("key-answer-to-a-delete", "DELETE", ALICE, "docs/PROTOCOL.md 2.4: an answer of the wrong kind",
            (k, id) -> armoredAlice + k.macOver(aliceBytes).toBase64() + "\n").outcome("Tampered", false, false).write();
        answer("no-in-reply-to", "LOOKUP", ALICE, "AnswerEvaluator: a mail that names no pending request is not for it",
            (k, id) -> armoredAlice + k.macOver(aliceBytes).toBase64() + "\n").withoutReplyHeaders().outcome("none", false, false).write();
        answer("bounce-failed", "LOOKUP", ALICE,
            "docs/PROTOCOL.md 6: a DSN is unauthenticated: only 'probably not supported', never a verified answer; the request stays pending",
            (k, id) -> multipart("report", textPart("Delivery failed\n"), dsnPart(id, "failed")))
            .multipartBody("report; report-type=delivery-status").withoutReplyHeaders().outcome("ProbablyNotSupported", false, false).write();
        answer("bounce-delayed", "LOOKUP", ALICE, "docs/PROTOCOL.md 6: a delay notice is not a failure",
            (k, id) -> multipart("report", textPart("Delivery delayed\n"), dsnPart(id, "delayed")))
            .multipartBody("report; report-type=delivery-status").withoutReplyHeaders().outcome("none", false, false).write();
        answer("nested-multipart-40", "LOOKUP", ALICE, "notes: nesting deeper than 4 levels is not followed",
            (k, id) -> nested(40, textPart(armoredAlice + k.macOver(aliceBytes).toBase64() + "\n")))
            .multipartBody("mixed").outcome("Tampered", false, false).write();
    }

    // ---------------------------------------------------------------- cases and files

    private interface Body {
        String text(String kAuth) throws Exception;
    }

    private interface AnswerBody {
        String text(KAuth kAuth, String messageId) throws Exception;
    }

    private Case retrieval(String name, String rule, Body body) throws Exception {
        KAuth kAuth = KAuth.generate();
        Case c = new Case(name, rule, kAuth, "Key request", BOB, body.text(kAuth.toBase64()));
        c.expect("listener", "mx").expect("mail.from", BOB).expect("answer.to", BOB);
        return c;
    }

    private Case publication(String name, String account, String rule, Body body) throws Exception {
        KAuth kAuth = KAuth.generate();
        Case c = new Case(name, rule, kAuth, "Key publication", account, body.text(kAuth.toBase64()));
        c.headers.put("To", "keys@" + account.substring(account.indexOf('@') + 1));
        c.expect("rcpt.to", c.headers.get("To"));
        c.expect("listener", "submission").expect("auth.as", account).expect("mail.from", account).expect("answer.to", account);
        return c;
    }

    private Case answer(String name, String kind, String address, String rule, AnswerBody body) throws Exception {
        KAuth kAuth = KAuth.generate();
        String id = String.format("<answer-%03d@client.acme.test>", number + 1);
        Case c = new Case(name, rule, kAuth, "Key answer", SERVICE, body.text(kAuth, id));
        c.messageId = id;
        c.expect("kind", kind).expect("address", address).expect("message.id", id);
        if (kind.equals("PUBLISH")) {
            c.expect("sent.key.base64", Base64.getEncoder().encodeToString(Packets.decodeArmor(fixture("alice.asc"))));
        }
        return c;
    }

    /** One corpus file pair. */
    private final class Case {
        private final String name;
        private final Map<String, String> expect = new LinkedHashMap<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final Map<String, String> leading = new LinkedHashMap<>();
        private String body;
        private String messageId;
        private boolean utf8;
        private boolean replyHeaders = true;

        Case(String name, String rule, KAuth kAuth, String subject, String from, String body) {
            number++;
            this.name = String.format("%03d-%s", number, name);
            this.body = body;
            this.messageId = String.format("<corpus-%03d@client.acme.test>", number);
            expect.put("rule", rule);
            expect.put("kauth", kAuth.toBase64());
            headers.put("From", from);
            headers.put("To", from.equals(SERVICE) ? BOB : SERVICE);
            headers.put("Subject", subject);
            headers.put("Date", "Sun, 29 Nov 2026 12:00:00 +0000");
            headers.put("Message-ID", null);
            headers.put("MIME-Version", "1.0");
            headers.put("Content-Type", "text/plain; charset=us-ascii");
            headers.put("Content-Transfer-Encoding", "7bit");
        }

        Case expect(String key, String value) {
            expect.put(key, value);
            return this;
        }

        Case header(String headerName, String value) {
            headers.put(headerName, value);
            return this;
        }

        Case leadingHeader(String headerName, String value) {
            leading.put(headerName, value);
            return this;
        }

        Case envelope(String sender) {
            return expect("mail.from", sender);
        }

        Case utf8() {
            utf8 = true;
            return this;
        }

        Case withoutReplyHeaders() {
            replyHeaders = false;
            return this;
        }

        Case base64() {
            body = Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(body.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII)) + "\n";
            return header("Content-Transfer-Encoding", "base64");
        }

        /** Quoted-printable of the body (RFC 2045 6.7): hard line breaks stay, soft breaks every 60 characters. */
        Case qp() {
            return qp(false);
        }

        /**
         * Quoted-printable; with {@code encodedLineEnds} every line end is written as {@code =0A} (LF alone, inside
         * the encoding). A {@link #ENCODED_LF} in the text becomes {@code =0A} too, so that a test can smuggle a line
         * break into the middle of a line; other control characters, '=' and non-ASCII are escaped.
         */
        Case qp(boolean encodedLineEnds) {
            StringBuilder encoded = new StringBuilder();
            int column = 0;
            for (byte b : body.getBytes(StandardCharsets.UTF_8)) {
                int ch = b & 0xFF;
                if (ch == '\n' && !encodedLineEnds) {
                    encoded.append('\n');
                    column = 0;
                    continue;
                }
                String piece = ch >= 0x20 && ch < 0x7F && ch != '=' ? String.valueOf((char) ch) : String.format("=%02X", ch);
                if (column + piece.length() > 60) {
                    encoded.append("=\n");
                    column = 0;
                }
                encoded.append(piece);
                column += piece.length();
            }
            body = encoded.append("\n").toString().replace(String.format("=%02X=%02X=%02X", 0xE2, 0x90, 0xA4), "=0A");
            return header("Content-Transfer-Encoding", "quoted-printable");
        }

        Case multipartBody(String subtype) {
            return header("Content-Type", "multipart/" + subtype + "; boundary=\"" + BOUNDARY + "0\"");
        }

        Case error(String code) {
            return answer("error").expect("error", code);
        }

        Case answer(String kind) {
            expect.put("outcome", "answer");
            expect.put("answer", kind);
            return this;
        }

        Case confirmed(byte[] sentKeyBytes) {
            return answer("confirmation").expect("mac", "valid")
                .expect("sent.key.sha256", sha256(sentKeyBytes))
                .expect("store", "published " + expect.get("auth.as"));
        }

        /** Without SMTP AUTH and over the retrieval limit, without SIZE: the end of DATA gets a 5xx, nothing queued. */
        Case refusedData() {
            expect.remove("answer.to");
            return expect("outcome", "refused-data");
        }

        Case dropped(String reason) {
            expect.remove("answer.to");
            return expect("outcome", "dropped").expect("drop", reason);
        }

        Case macValid() {
            return expect("mac", "valid");
        }

        Case macAbsent() {
            return expect("mac", "absent");
        }

        Case macOptional() {
            return expect("mac", "valid-if-present");
        }

        /** For the answer corpus: the verdict's class, whether it counts as an answer, whether it settles the request. */
        Case outcome(String verdict, boolean counts, boolean settles) {
            return expect("verdict", verdict).expect("counts.as.answer", String.valueOf(counts))
                .expect("settles.request", String.valueOf(settles));
        }

        void write() throws IOException {
            if (!expect.containsKey("store") && expect.containsKey("listener")) {
                expect.put("store", "unchanged");
            }
            if (!replyHeaders) {
                headers.remove("In-Reply-To");
            } else if (headers.get("From").equals(SERVICE)) {
                headers.put("In-Reply-To", messageId);
                headers.put("References", messageId);
                headers.put("Auto-Submitted", "auto-replied");
            }
            headers.put("Message-ID", headers.get("From").equals(SERVICE) ? "<answer-mail-" + number + "@example.net>" : messageId);
            StringBuilder raw = new StringBuilder();
            leading.forEach((key, value) -> raw.append(key).append(": ").append(value).append("\n"));
            headers.forEach((key, value) -> raw.append(key).append(": ").append(value).append("\n"));
            raw.append("\n").append(body);
            String crlf = raw.toString().replace("\r\n", "\n").replace("\n", "\r\n");
            Files.write(folder.resolve(name + ".eml"), crlf.getBytes(utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
            StringBuilder properties = new StringBuilder();
            expect.forEach((key, value) -> properties.append(key).append('=').append(escape(value)).append('\n'));
            Files.writeString(folder.resolve(name + ".expect"), properties.toString(), StandardCharsets.US_ASCII);
        }
    }

    /** Stands for an LF that quoted-printable encodes as {@code =0A} in the middle of a line. */
    private static final String ENCODED_LF = "\u2424";

    private static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (char ch : value.toCharArray()) {
            out.append(ch < 0x20 || ch > 0x7e ? String.format("\\u%04x", (int) ch) : String.valueOf(ch));
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- MIME pieces

    private static final String BOUNDARY = "corpus-boundary-";

    private static String multipart(String subtype, String... parts) {
        return multipartAt(0, parts);
    }

    private static String multipartAt(int level, String... parts) {
        StringBuilder out = new StringBuilder("This is a multi-part message.\n");
        for (String part : parts) {
            out.append("--").append(BOUNDARY).append(level).append("\n").append(part);
        }
        return out.append("--").append(BOUNDARY).append(level).append("--\n").toString();
    }

    /** {@code depth} levels of multipart/mixed around a text part (level 0 is the message's own Content-Type). */
    private static String nested(int depth, String innermost) {
        String part = innermost;
        for (int level = depth - 1; level >= 1; level--) {
            part = "Content-Type: multipart/mixed; boundary=\"" + BOUNDARY + level + "\"\n\n" + multipartAt(level, part);
        }
        return multipartAt(0, part);
    }

    private static String textPart(String text) {
        return "Content-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: 7bit\n\n" + text;
    }

    private static String htmlPart() {
        return "Content-Type: text/html; charset=us-ascii\n\n<p>mallory@acme.test</p>\n";
    }

    private static String attachmentPart() {
        return "Content-Type: application/octet-stream\nContent-Disposition: attachment; filename=x.bin\n"
            + "Content-Transfer-Encoding: base64\n\nAAECAwQ=\n";
    }

    private static String signaturePart() {
        return "Content-Type: application/pgp-signature\n\n-----BEGIN PGP SIGNATURE-----\n\nAAAA\n-----END PGP SIGNATURE-----\n";
    }

    private static String dsnPart(String messageId, String action) {
        return "Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n"
            + "Final-Recipient: rfc822; keys@example.net\nAction: " + action + "\nStatus: 5.1.1\n"
            + "X-Original-Message-ID: " + messageId + "\n";
    }

    // ---------------------------------------------------------------- keys and packets

    private static String fixture(String name) throws IOException {
        try (InputStream in = HostileCorpusGenerator.class.getResourceAsStream("/keys/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        try {
            StringBuilder hex = new StringBuilder();
            for (byte b : MessageDigest.getInstance("SHA-256").digest(bytes)) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Armor written here, not by Bouncy Castle, so that any packet can sit under any armor line. */
    static String armor(String type, byte[] bytes) {
        StringBuilder out = new StringBuilder("-----BEGIN PGP " + type + "-----\n\n");
        String base64 = Base64.getEncoder().encodeToString(bytes);
        for (int i = 0; i < base64.length(); i += 64) {
            out.append(base64, i, Math.min(base64.length(), i + 64)).append('\n');
        }
        int crc = crc24(bytes);
        out.append('=').append(Base64.getEncoder().encodeToString(new byte[] {(byte) (crc >> 16), (byte) (crc >> 8), (byte) crc})).append('\n');
        return out.append("-----END PGP ").append(type).append("-----\n").toString();
    }

    private static int crc24(byte[] bytes) {
        int crc = 0xB704CE;
        for (byte b : bytes) {
            crc ^= (b & 0xFF) << 16;
            for (int i = 0; i < 8; i++) {
                crc <<= 1;
                if ((crc & 0x1000000) != 0) {
                    crc ^= 0x1864CFB;
                }
            }
        }
        return crc & 0xFFFFFF;
    }

    private static String withBadCrc(String armored) {
        String[] lines = armored.replace("\r\n", "\n").split("\n");
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            out.add(line.startsWith("=") && line.length() == 5 ? (line.equals("=AAAA") ? "=BBBB" : "=AAAA") : line);
        }
        return String.join("\n", out) + "\n";
    }

    private static byte[] compressed(byte[] keyBytes) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PGPCompressedDataGenerator generator = new PGPCompressedDataGenerator(CompressionAlgorithmTags.ZIP);
        try (OutputStream out = generator.open(buffer)) {
            out.write(keyBytes);
        }
        generator.close();
        return buffer.toByteArray();
    }

    /** A symmetrically encrypted, integrity-protected data packet (tag 18) of random content. */
    private static byte[] encryptedPacket() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(1);
        body.writeBytes(randomBytes(300));
        return packet(18, body.toByteArray());
    }

    private static byte[] packet(int tag, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xC0 | tag);
        int length = body.length;
        if (length < 192) {
            out.write(length);
        } else if (length < 8384) {
            out.write(((length - 192) >> 8) + 192);
            out.write((length - 192) & 0xFF);
        } else {
            out.write(0xFF);
            out.write(length >>> 24);
            out.write(length >>> 16);
            out.write(length >>> 8);
            out.write(length);
        }
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] mpi(BigInteger value) {
        byte[] magnitude = value.toByteArray();
        int offset = magnitude[0] == 0 ? 1 : 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int bits = value.bitLength();
        out.write(bits >> 8);
        out.write(bits);
        out.write(magnitude, offset, magnitude.length - offset);
        return out.toByteArray();
    }

    private static BigInteger randomOdd(int bits) {
        return new BigInteger(bits, RANDOM).setBit(bits - 1).setBit(0);
    }

    private static byte[] userIdPacket(String userId) {
        return packet(13, userId.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A v4 key of the given algorithm whose public parameters are {@code bits} long (random numbers: no valid key,
     * but costly to verify against), with a user ID for alice and {@code signatures} junk self-signatures that name
     * it as issuer: what issue 13 item 1 describes.
     */
    static byte[] hugeKey(int algorithm, int bits, int signatures) throws Exception {
        ByteArrayOutputStream keyBody = new ByteArrayOutputStream();
        keyBody.write(4);
        keyBody.writeBytes(new byte[] {0x60, 0, 0, 0});
        keyBody.write(algorithm);
        if (algorithm == PublicKeyAlgorithmTags.DSA) {
            // p > q > g, y: the parameters pass every cheap check, so only their size can stop the costly work
            keyBody.writeBytes(mpi(randomOdd(bits).setBit(bits - 2)));
            keyBody.writeBytes(mpi(randomOdd(bits).clearBit(bits - 2)));
            keyBody.writeBytes(mpi(randomOdd(bits - 8)));
            keyBody.writeBytes(mpi(randomOdd(bits - 8)));
        } else {
            keyBody.writeBytes(mpi(randomOdd(bits)));
            keyBody.writeBytes(mpi(randomOdd(16_000)));
        }
        byte[] body = keyBody.toByteArray();
        byte[] keyId = keyIdV4(body);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(packet(6, body));
        out.writeBytes(userIdPacket("Alice <alice@example.net>"));
        for (int i = 0; i < signatures; i++) {
            ByteArrayOutputStream signature = new ByteArrayOutputStream();
            signature.writeBytes(new byte[] {4, 0x13, (byte) algorithm, HashAlgorithmTags.SHA256});
            signature.writeBytes(new byte[] {0, 6, 5, 2, 0x60, 0, 0, (byte) i});
            signature.writeBytes(new byte[] {0, 10, 9, 16});
            signature.writeBytes(keyId);
            signature.writeBytes(new byte[] {0x12, 0x34});
            int mpis = algorithm == PublicKeyAlgorithmTags.DSA ? 2 : 1;
            int signatureBits = algorithm == PublicKeyAlgorithmTags.DSA ? Math.min(bits, 160) : bits;
            for (int m = 0; m < mpis; m++) {
                signature.writeBytes(mpi(randomOdd(signatureBits)));
            }
            out.writeBytes(packet(2, signature.toByteArray()));
        }
        return out.toByteArray();
    }

    private static byte[] keyIdV4(byte[] keyPacketBody) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update((byte) 0x99);
        sha1.update((byte) (keyPacketBody.length >> 8));
        sha1.update((byte) keyPacketBody.length);
        byte[] fingerprint = sha1.digest(keyPacketBody);
        return java.util.Arrays.copyOfRange(fingerprint, 12, 20);
    }

    /** A v3 RSA key (RFC 4880 5.5.2) with a user ID and a v3 signature packet that cannot verify. */
    static byte[] v3Key(String userId) {
        RSAKeyPairGenerator generator = new RSAKeyPairGenerator();
        generator.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), RANDOM, 2048, 80));
        RSAKeyParameters rsa = (RSAKeyParameters) generator.generateKeyPair().getPublic();
        ByteArrayOutputStream key = new ByteArrayOutputStream();
        key.writeBytes(new byte[] {3, 0x60, 0, 0, 0, 0, 0, (byte) PublicKeyAlgorithmTags.RSA_GENERAL});
        key.writeBytes(mpi(rsa.getModulus()));
        key.writeBytes(mpi(rsa.getExponent()));
        byte[] modulus = rsa.getModulus().toByteArray();
        byte[] keyId = java.util.Arrays.copyOfRange(modulus, modulus.length - 8, modulus.length);
        ByteArrayOutputStream signature = new ByteArrayOutputStream();
        signature.writeBytes(new byte[] {3, 5, 0x13, 0x60, 0, 0, 1});
        signature.writeBytes(keyId);
        signature.writeBytes(new byte[] {(byte) PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256, 0x12, 0x34});
        signature.writeBytes(mpi(randomOdd(2048)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(packet(6, key.toByteArray()));
        out.writeBytes(userIdPacket(userId));
        out.writeBytes(packet(2, signature.toByteArray()));
        return out.toByteArray();
    }

    /** A v6 Ed25519/X25519 key (RFC 9580) made by Bouncy Castle's key generator: a valid key. */
    static byte[] v6Key(String userId) throws Exception {
        return new BcOpenPGPKeyGenerator(6, new Date()).ed25519x25519Key(userId).build().toCertificate().getEncoded();
    }

    /** The same key with one bit flipped in the last byte of every signature packet: none verifies. */
    private static byte[] withJunkSignatureBits(byte[] keyBytes) {
        byte[] out = keyBytes.clone();
        int position = 0;
        int index = 0;
        while (position < out.length) {
            int end = Packets.endOfPacket(keyBytes, index);
            int tag = (out[position] & 0x40) != 0 ? out[position] & 0x3F : (out[position] >> 2) & 0x0F;
            if (tag == 2) {
                out[end - 1] ^= 1;
            }
            position = end;
            index++;
        }
        return out;
    }

    private static PGPKeyPair ed25519Pair() throws PGPException {
        Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
        generator.init(new Ed25519KeyGenerationParameters(RANDOM));
        return new BcPGPKeyPair(PublicKeyAlgorithmTags.EDDSA_LEGACY, generator.generateKeyPair(), new Date());
    }

    private static PGPKeyPair rsaPair(int bits) throws PGPException {
        RSAKeyPairGenerator generator = new RSAKeyPairGenerator();
        generator.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), RANDOM, bits, 80));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        return new BcPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, pair, new Date());
    }

    private static PGPKeyRingGenerator ringGenerator(PGPKeyPair primary, String userId) throws PGPException {
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setKeyFlags(true, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
        return new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, primary, userId,
            new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1), hashed.generate(), null,
            new BcPGPContentSignerBuilder(primary.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256), null);
    }

    /** An Ed25519 key with one self-signed user ID, written by Bouncy Castle whatever the user ID holds. */
    static byte[] ed25519Key(String userId) throws Exception {
        return ringGenerator(ed25519Pair(), userId).generatePublicKeyRing().getEncoded();
    }

    private static byte[] rsaKey(int bits, String userId) throws Exception {
        return ringGenerator(rsaPair(bits), userId).generatePublicKeyRing().getEncoded();
    }

    private static byte[] ed25519WithRsaSubkey(String userId, int subkeyBits) throws Exception {
        PGPKeyRingGenerator generator = ringGenerator(ed25519Pair(), userId);
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setKeyFlags(true, KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE);
        generator.addSubKey(rsaPair(subkeyBits), hashed.generate(), null);
        return generator.generatePublicKeyRing().getEncoded();
    }
}
