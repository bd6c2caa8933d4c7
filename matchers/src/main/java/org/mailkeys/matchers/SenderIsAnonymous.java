package org.mailkeys.matchers;

import java.util.Collection;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;

/**
 * Matches every recipient of a mail that James received without SMTP AUTH (no {@link Mail#SMTP_AUTH_USER}
 * attribute). Headers claiming authentication change nothing.
 */
public class SenderIsAnonymous extends NoConditionMatcher {
    @Override
    public Collection<MailAddress> match(Mail mail) {
        return AuthenticatedUser.of(mail).isPresent() ? List.of() : mail.getRecipients();
    }
}
