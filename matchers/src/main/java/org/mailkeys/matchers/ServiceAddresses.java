package org.mailkeys.matchers;

import java.util.Locale;
import java.util.Objects;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;

/**
 * The service addresses {@code <localPart>@<d>} for every domain d that James hosts (docs/PROTOCOL.md section 1.1).
 * The domain list is asked at every call, so a domain added through WebAdmin is served at once. One instance, made
 * from mailkeys.properties by the extension's Guice module, serves the matcher, the mailets and the SMTP hook, so
 * the local part is configured once.
 */
public final class ServiceAddresses {
    /** The key of mailkeys.properties that sets the local part. */
    public static final String PROPERTY = "service.local.part";
    public static final String DEFAULT_LOCAL_PART = "keys";

    private final DomainList domainList;
    private final String localPart;

    public ServiceAddresses(DomainList domainList, String localPart) {
        this.domainList = Objects.requireNonNull(domainList);
        this.localPart = validLocalPart(localPart);
    }

    /** @throws IllegalArgumentException when the text cannot be the local part of a mail address */
    public static String validLocalPart(String localPart) {
        if (localPart == null || localPart.isBlank() || localPart.contains("@")) {
            throw new IllegalArgumentException("not a local part: '" + localPart + "'");
        }
        try {
            return new MailAddress(localPart.trim() + "@example.org").getLocalPart();
        } catch (AddressException e) {
            throw new IllegalArgumentException("not a local part: '" + localPart + "'", e);
        }
    }

    public String localPart() {
        return localPart;
    }

    /** Whether the address has the service local part (any domain, hosted or not). */
    public boolean hasServiceLocalPart(MailAddress address) {
        return address.getLocalPart().toLowerCase(Locale.ROOT).equals(localPart.toLowerCase(Locale.ROOT));
    }

    /** Whether the address is the service address of a domain James hosts. */
    public boolean isServiceAddress(MailAddress address) throws DomainListException {
        return hasServiceLocalPart(address) && domainList.containsDomain(address.getDomain());
    }
}
