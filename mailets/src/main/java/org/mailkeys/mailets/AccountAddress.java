package org.mailkeys.mailets;

import java.util.Optional;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;

/**
 * The mail address of an SMTP AUTH account. With virtual hosting (James' default) the user name is the address.
 * A user name without a domain (virtual hosting off) gets James' default domain, as James' own
 * UsersRepository#getMailAddressFor does.
 */
final class AccountAddress {
    private AccountAddress() {
    }

    /** Empty when the user name cannot be a mail address. */
    static Optional<MailAddress> of(String authUser, DomainList domainList) throws DomainListException {
        try {
            Username username = Username.of(authUser);
            if (username.hasDomainPart()) {
                return Optional.of(username.asMailAddress());
            }
            return Optional.of(new MailAddress(username.getLocalPart(), domainList.getDefaultDomain()));
        } catch (AddressException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
