package org.mailkeys.matchers;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetException;
import org.apache.mailet.base.GenericMatcher;

/**
 * Matches the recipients that are a key service address: {@code <localPart>@<d>} for every domain d of James'
 * {@link DomainList}, read at match time (a domain added through WebAdmin is served at once).
 * The condition is the local part, {@code keys} when empty.
 *
 * <pre>{@code
 * <mailet match="org.mailkeys.matchers.KeyServiceRecipient=keys" class="ToProcessor">
 *     <processor>mailkeys</processor>
 * </mailet>
 * }</pre>
 */
public class KeyServiceRecipient extends GenericMatcher {
    private final DomainList domainList;
    private ServiceAddresses serviceAddresses;

    @Inject
    public KeyServiceRecipient(DomainList domainList) {
        this.domainList = domainList;
    }

    @Override
    public void init() throws MessagingException {
        String localPart = Optional.ofNullable(getCondition())
            .map(String::trim)
            .filter(condition -> !condition.isEmpty())
            .orElse(ServiceAddresses.DEFAULT_LOCAL_PART);
        try {
            serviceAddresses = new ServiceAddresses(domainList, localPart);
        } catch (IllegalArgumentException e) {
            throw new MailetException("KeyServiceRecipient: bad condition (the service local part): " + e.getMessage());
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
