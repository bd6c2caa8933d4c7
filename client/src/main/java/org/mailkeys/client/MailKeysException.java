package org.mailkeys.client;

/** A request could not be sent or answers could not be collected (network, DNS, TLS, login, local state). */
public class MailKeysException extends Exception {
    public MailKeysException(String message) {
        super(message);
    }

    public MailKeysException(String message, Throwable cause) {
        super(message, cause);
    }
}
