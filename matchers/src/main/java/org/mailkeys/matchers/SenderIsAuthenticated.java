package org.mailkeys.matchers;

import java.util.Collection;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;

/**
 * Matches every recipient of a mail that James received with SMTP AUTH, as told by the mail attribute
 * {@link Mail#SMTP_AUTH_USER} only (never by a header). Model: James' {@code SMTPAuthSuccessful}.
 *
 * <pre>{@code
 * <mailet match="org.mailkeys.matchers.SenderIsAuthenticated" class="org.mailkeys.mailets.PublishKey"/>
 * }</pre>
 */
public class SenderIsAuthenticated extends NoConditionMatcher {
    @Override
    public Collection<MailAddress> match(Mail mail) {
        return AuthenticatedUser.of(mail).isPresent() ? mail.getRecipients() : List.of();
    }
}
