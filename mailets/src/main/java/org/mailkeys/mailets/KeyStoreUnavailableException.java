package org.mailkeys.mailets;

import javax.mail.MessagingException;

/**
 * The key store failed or did not answer in time. Thrown out of the mailet so that James' error handling keeps the
 * request mail (docs/PROTOCOL.md section 4, {@code unavailable}: never dropped); the shipped mailetcontainer.xml sends
 * it to the {@code mailkeys-error} processor, which retries it and then keeps it.
 */
public class KeyStoreUnavailableException extends MessagingException {
    private static final long serialVersionUID = 1L;

    public KeyStoreUnavailableException(String message, Exception cause) {
        super(message, cause);
    }
}
