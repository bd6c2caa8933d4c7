package org.mailkeys.matchers;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;

/**
 * Tells Web Key Service mail (draft-koch-openpgp-webkey-service section 4) at the key service address from MailKeys
 * requests, by content: a {@code Wks-Draft-Version} header, or a top-level {@code multipart/encrypted} (PGP/MIME, RFC
 * 3156) or {@code application/pgp-keys} body. MailKeys requests (docs/PROTOCOL.md 1.3) are text and carry none of
 * these. Matches every recipient, as the {@code mailkeys} processor only holds mail for the service address.
 *
 * <pre>{@code
 * <mailet match="org.mailkeys.matchers.WebKeyServiceMail" class="org.mailkeys.mailets.WebKeyService"/>
 * }</pre>
 */
public class WebKeyServiceMail extends NoConditionMatcher {
    static final String DRAFT_VERSION_HEADER = "Wks-Draft-Version";

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        return isWebKeyServiceMail(mail.getMessage()) ? mail.getRecipients() : List.of();
    }

    static boolean isWebKeyServiceMail(MimeMessage message) throws MessagingException {
        if (message.getHeader(DRAFT_VERSION_HEADER) != null) {
            return true;
        }
        String contentType = message.getContentType();
        if (contentType == null) {
            return false;
        }
        String type = contentType.trim().toLowerCase(Locale.ROOT);
        return type.startsWith("multipart/encrypted") || type.startsWith("application/pgp-keys");
    }
}
