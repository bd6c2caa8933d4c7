package org.mailkeys.mailets.log;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.mailkeys.mailets.KeyStoreUnavailableException;
import org.mailkeys.protocol.LogProofAnswers;
import org.mailkeys.transparency.KeyLog;

/**
 * The proof blocks of version 2 answers (docs/PROTOCOL.md 12) for the KST mailets: whether a request asks for
 * version 2, and the block of an entry once it is in a signed checkpoint (a change waits at most one batch interval).
 */
public final class LogProofs {
    private final KeyLog log;
    private final Duration wait;

    public LogProofs(KeyLog log, Duration wait) {
        this.log = log;
        this.wait = wait;
    }

    /** Whether the request carries {@code MailKeys-Version: 2}. */
    public static boolean asksForVersion2(Mail request) throws MessagingException {
        return LogProofAnswers.asksForVersion2(Optional.ofNullable(
            request.getMessage().getHeader(LogProofAnswers.VERSION_HEADER, null)));
    }

    /** The block proving the entry of {@code address} at {@code version}, once the log holds it. */
    public String entry(String address, long version) throws KeyStoreUnavailableException {
        try {
            log.awaitLogged(address, version).get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return log.proofBlock(address, OptionalLong.of(version)).orElseThrow(
                () -> new IOException("the entry is not in the latest checkpoint"));
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new KeyStoreUnavailableException("The key log cannot prove the entry yet", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyStoreUnavailableException("Interrupted while waiting for the key log", e);
        }
    }

    /** The block of a NOT-FOUND answer: the VRF proof of the address and the latest checkpoint. */
    public String absent(String address) throws KeyStoreUnavailableException {
        try {
            return log.proofBlock(address, OptionalLong.empty()).orElseThrow(
                () -> new IOException("the log has no checkpoint"));
        } catch (IOException e) {
            throw new KeyStoreUnavailableException("The key log has no checkpoint", e);
        }
    }
}
