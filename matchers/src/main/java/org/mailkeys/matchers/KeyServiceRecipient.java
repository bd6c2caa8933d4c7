package org.mailkeys.matchers;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetException;
import org.apache.mailet.base.GenericMatcher;

/**
 * Matches the recipients that are a key service address: {@code <localPart>@<d>} for every domain d of James'
 * domain list, read at match time (a domain added through WebAdmin is served at once). The local part is the one
 * of {@code service.local.part} in mailkeys.properties ({@link ServiceAddresses}, bound by the extension's Guice
 * module); a condition, if any, must repeat it.
 *
 * <pre>{@code
 * <mailet match="org.mailkeys.matchers.KeyServiceRecipient" class="ToProcessor">
 *     <processor>mailkeys</processor>
 * </mailet>
 * }</pre>
 */
public class KeyServiceRecipient extends GenericMatcher {
    private final ServiceAddresses serviceAddresses;

    @Inject
    public KeyServiceRecipient(ServiceAddresses serviceAddresses) {
        this.serviceAddresses = serviceAddresses;
    }

    @Override
    public void init() throws MessagingException {
        Optional<String> condition = Optional.ofNullable(getCondition()).map(String::trim).filter(text -> !text.isEmpty());
        if (condition.isPresent() && !condition.get().equalsIgnoreCase(serviceAddresses.localPart())) {
            throw new MailetException("KeyServiceRecipient: the condition '" + condition.get() + "' differs from the "
                + "service local part '" + serviceAddresses.localPart() + "'; set it once, as " + ServiceAddresses.PROPERTY
                + " in mailkeys.properties, and leave the condition out");
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        List<MailAddress> matched = new ArrayList<>();
        try {
            for (MailAddress recipient : mail.getRecipients()) {
                if (serviceAddresses.isServiceAddress(recipient)) {
                    matched.add(recipient);
                }
            }
        } catch (DomainListException e) {
            throw new MailetException("KeyServiceRecipient: cannot read the domain list", e);
        }
        return matched;
    }

    @Override
    public String getMatcherInfo() {
        return "Key service recipient matcher";
    }
}
