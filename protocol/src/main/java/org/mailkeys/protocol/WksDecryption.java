package org.mailkeys.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyDataDecryptorFactory;

/**
 * Decrypts a PGP/MIME body (RFC 3156 section 4) sent to the Web Key Service: a submission or a confirmation response
 * (draft-koch-openpgp-webkey-service sections 4.3 and 4.5), encrypted to the submission key. Bounded like the key
 * policy (docs/PROTOCOL.md 2.2 item 5): the input size, the packets walked (at most {@value #MAX_RECIPIENTS}
 * recipients, at most {@value #MAX_LAYERS} nested layers), the clear text size (a compression bomb stops at
 * {@link #MAX_CLEAR_BYTES}), and one asymmetric decryption per message, the one for the submission key. The message
 * must be integrity protected (MDC); a signature inside is skipped, not verified (the account is the SMTP AUTH user).
 */
public final class WksDecryption {
    /** The largest armored or binary message accepted. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;
    /** The largest clear text accepted: a key of the publication limit, with its MIME headers. */
    public static final int MAX_CLEAR_BYTES = 80 * 1024;
    static final int MAX_RECIPIENTS = 16;
    static final int MAX_LAYERS = 4;
    private static final Duration TIME_BUDGET = Duration.ofSeconds(2);

    private WksDecryption() {
    }

    /**
     * @param message an armored (or binary) OpenPGP message
     * @return the clear text: a MIME entity as the draft's clients write it
     * @throws ProtocolException MALFORMED for anything else: too large, not a message, not for this key, no integrity
     *         protection, too deep, too long, over the time budget; its message is a fixed text
     */
    public static byte[] decrypt(byte[] message, WksKeyPair key) throws ProtocolException {
        if (message.length > MAX_MESSAGE_BYTES) {
            throw ProtocolException.malformed("the encrypted message is larger than " + MAX_MESSAGE_BYTES + " bytes");
        }
        WorkBudget budget = WorkBudget.startingNow(TIME_BUDGET);
        try (InputStream decoded = PGPUtil.getDecoderStream(new ByteArrayInputStream(message))) {
            BcPGPObjectFactory factory = new BcPGPObjectFactory(decoded);
            Object first = factory.nextObject();
            if (!(first instanceof PGPEncryptedDataList)) {
                throw ProtocolException.malformed("not an encrypted OpenPGP message");
            }
            PGPEncryptedDataList list = (PGPEncryptedDataList) first;
            if (list.size() > MAX_RECIPIENTS) {
                throw ProtocolException.malformed("more than " + MAX_RECIPIENTS + " recipients");
            }
            for (Object candidate : list) {
                if (!(candidate instanceof PGPPublicKeyEncryptedData)) {
                    continue;
                }
                PGPPublicKeyEncryptedData data = (PGPPublicKeyEncryptedData) candidate;
                PGPPrivateKey privateKey = key.privateKey(data.getKeyID());
                if (privateKey != null) {
                    return clearText(data, privateKey, budget);
                }
            }
            throw ProtocolException.malformed("not encrypted to the submission key");
        } catch (IOException | PGPException | RuntimeException e) {
            // Bouncy Castle reports bad input with many runtime exceptions: all of them are bad input here
            throw ProtocolException.malformed("not a readable OpenPGP message");
        }
    }

    private static byte[] clearText(PGPPublicKeyEncryptedData data, PGPPrivateKey privateKey, WorkBudget budget)
        throws IOException, PGPException, ProtocolException {
        if (!data.isIntegrityProtected()) {
            throw ProtocolException.malformed("the message has no integrity protection");
        }
        InputStream clear = data.getDataStream(new BcPublicKeyDataDecryptorFactory(privateKey));
        byte[] literal = literal(new BcPGPObjectFactory(clear), budget, 0);
        // reads the rest so that the modification detection code is checked
        drain(clear);
        if (!data.verify()) {
            throw ProtocolException.malformed("the message failed its integrity check");
        }
        return literal;
    }

    private static byte[] literal(BcPGPObjectFactory factory, WorkBudget budget, int depth)
        throws IOException, PGPException, ProtocolException {
        if (depth >= MAX_LAYERS || budget.spent()) {
            throw ProtocolException.malformed("the message is nested too deep");
        }
        Object next = factory.nextObject();
        if (next instanceof PGPOnePassSignatureList) {
            next = factory.nextObject();
        }
        if (next instanceof PGPCompressedData) {
            return literal(new BcPGPObjectFactory(((PGPCompressedData) next).getDataStream()), budget, depth + 1);
        }
        if (!(next instanceof PGPLiteralData)) {
            throw ProtocolException.malformed("the message holds no literal data");
        }
        return bounded(((PGPLiteralData) next).getInputStream(), budget);
    }

    private static byte[] bounded(InputStream in, WorkBudget budget) throws IOException, ProtocolException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) != -1) {
            out.write(buffer, 0, read);
            if (out.size() > MAX_CLEAR_BYTES) {
                throw ProtocolException.malformed("the clear text is larger than " + MAX_CLEAR_BYTES + " bytes");
            }
            if (budget.spent()) {
                throw ProtocolException.malformed("the message took longer than its time budget");
            }
        }
        return out.toByteArray();
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        long total = 0;
        int read;
        while ((read = in.read(buffer)) != -1) {
            total += read;
            if (total > MAX_CLEAR_BYTES) {
                throw new IOException("trailing data too long");
            }
        }
    }
}
