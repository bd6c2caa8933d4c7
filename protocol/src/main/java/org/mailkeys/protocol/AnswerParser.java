package org.mailkeys.protocol;

import java.util.Optional;

/**
 * Reads an answer body, for clients, with the line rules of docs/PROTOCOL.md section 1 (CRLF or LF, trailing white
 * space and blank lines between parts ignored). The caller then checks the MAC with the K_auth it kept: an answer
 * whose MAC does not verify must be treated as no answer at all.
 *
 * <p>Forms: a MAC line alone (confirmation); {@code DELETED <address>} and a MAC; one public key block and a MAC
 * (key found); {@code NOT-FOUND <address>} and a MAC; {@code ERROR <code> [text]} with or without a MAC. Anything
 * else is MALFORMED. The parser checks form only: what a key block holds is for {@link PublicKeyPolicy#accept}
 * with the queried address, once the MAC verifies.
 */
public final class AnswerParser {
    public KeyAnswer parse(String bodyText) throws ProtocolException {
        BodyParts parts = BodyParts.of(bodyText);
        if (parts.size() == 1 && parts.isLine(0)) {
            String line = parts.line(0);
            if (isErrorLine(line)) {
                return error(line, Optional.empty());
            }
            return new KeyAnswer.Confirmation(mac(line));
        }
        if (parts.size() != 2 || !parts.isLine(1)) {
            throw ProtocolException.malformed("not an answer of the protocol");
        }
        Mac mac = mac(parts.line(1));
        if (!parts.isLine(0)) {
            return new KeyAnswer.KeyFound(PublicKeyArmor.publicKeyBytes(parts.block(0)), mac);
        }
        String status = parts.line(0);
        if (status.startsWith(StatusLines.DELETED + " ")) {
            return new KeyAnswer.Deleted(address(status, StatusLines.DELETED), mac);
        }
        if (status.startsWith(StatusLines.NOT_FOUND + " ")) {
            return new KeyAnswer.NotFound(address(status, StatusLines.NOT_FOUND), mac);
        }
        if (isErrorLine(status)) {
            return error(status, Optional.of(mac));
        }
        throw ProtocolException.malformed("an unknown status line");
    }

    private static boolean isErrorLine(String line) {
        return line.startsWith(StatusLines.ERROR + " ") && line.length() > StatusLines.ERROR.length() + 1;
    }

    private static KeyAnswer.Error error(String statusLine, Optional<Mac> mac) {
        return new KeyAnswer.Error(statusLine, mac);
    }

    private static String address(String statusLine, String keyword) throws ProtocolException {
        String address = statusLine.substring(keyword.length() + 1);
        if (!MailAddresses.isPlausible(address)) {
            throw ProtocolException.malformed("a status line without a single plausible address");
        }
        return address;
    }

    private static Mac mac(String line) throws ProtocolException {
        return Mac.parse(line).orElseThrow(() -> ProtocolException.malformed("not a well-formed MAC line"));
    }
}
