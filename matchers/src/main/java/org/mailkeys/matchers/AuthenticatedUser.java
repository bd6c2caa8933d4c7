package org.mailkeys.matchers;

import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/**
 * The SMTP AUTH identity James recorded for a mail, read ONLY from the mail attribute {@link Mail#SMTP_AUTH_USER}
 * that James' SMTP server sets. Headers are never consulted: anyone can write a header.
 */
public final class AuthenticatedUser {
    private AuthenticatedUser() {
    }

    public static Optional<String> of(Mail mail) {
        return mail.getAttribute(Mail.SMTP_AUTH_USER)
            .map(Attribute::getValue)
            .map(AttributeValue::getValue)
            .filter(String.class::isInstance)
            .map(String.class::cast)
            .map(String::trim)
            .filter(user -> !user.isEmpty());
    }
}
