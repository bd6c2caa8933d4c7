package org.mailkeys.mailets;

import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailkeys.matchers.AuthenticatedUser;
import org.mailkeys.protocol.AutocryptKey;
import org.mailkeys.protocol.MailAddresses;
import org.mailkeys.store.KeyStore;
import org.mailkeys.store.StoredKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds an {@code Autocrypt:} header (Autocrypt Level 1, section 2.1) with the sender's published key to outgoing
 * mail, so that Autocrypt-capable programs of every recipient learn the key from the mail itself. Only when all of
 * these hold, else the mail is left exactly as it is:
 * <ul>
 *     <li>the mail was received with SMTP AUTH (the account is James' record of it, never a header);</li>
 *     <li>its {@code From:} is one address, the account's own (Autocrypt section 2.1: {@code addr} is the From
 *     address; a mail written in another name never carries this account's key);</li>
 *     <li>it has no {@code Autocrypt:} header yet (the user's program wrote one, or this mailet ran before);</li>
 *     <li>the account has a published key whose minimal form ({@link AutocryptKey}) exists and is at most 10 KiB.</li>
 * </ul>
 * The header holds {@code addr} and {@code keydata} only: {@code prefer-encrypt} is the user's choice, which the
 * server does not know (section 2.1). A key store failure leaves the mail as it is: mail is never held back for a
 * header. In the {@code transport} processor, before the local/remote split (local recipients get it too) and so
 * before any DKIM signing in {@code relay}, which then signs the header:
 * <pre>
 * &lt;mailet match="SMTPAuthSuccessful" class="org.mailkeys.mailets.AddAutocryptHeader"/&gt;
 * </pre>
 * Parameter: {@code storeTimeoutSeconds} (default 10).
 */
public class AddAutocryptHeader extends GenericMailet {
    static final String HEADER = "Autocrypt";
    static final String METRIC_ADDED = "mailkeys_autocrypt_added";
    private static final Logger LOGGER = LoggerFactory.getLogger(AddAutocryptHeader.class);
    private static final int LINE_LENGTH = 76;

    private final KeyStore keyStore;
    private final DomainList domainList;
    private final MetricFactory metrics;
    private final Clock clock;
    private StoreCalls store;

    @Inject
    public AddAutocryptHeader(KeyStore keyStore, DomainList domainList, MetricFactory metrics) {
        this(keyStore, domainList, metrics, Clock.systemUTC());
    }

    AddAutocryptHeader(KeyStore keyStore, DomainList domainList, MetricFactory metrics, Clock clock) {
        this.keyStore = keyStore;
        this.domainList = domainList;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        store = StoreCalls.configured(keyStore, MailetParameters.of(getMailetConfig(),
            Set.of(StoreCalls.TIMEOUT_PARAMETER)), metrics);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<MailAddress> account = account(mail);
        MimeMessage message = mail.getMessage();
        if (account.isEmpty() || message.getHeader(HEADER) != null || !fromIsOnly(message, account.get())) {
            return;
        }
        Optional<StoredKey> key;
        try {
            key = store.find(account.get().asString());
        } catch (KeyStoreUnavailableException e) {
            LOGGER.warn("No Autocrypt header on {}: the key store is unavailable", mail.getName());
            return;
        }
        Optional<byte[]> minimal = key.flatMap(found -> AutocryptKey.minimal(found.keyBytes(),
            account.get().asString(), clock.instant()));
        if (minimal.isEmpty()) {
            return;
        }
        message.addHeader(HEADER, headerValue(MailAddresses.normalise(account.get().asString()), minimal.get()));
        message.saveChanges();
        metrics.generate(METRIC_ADDED).increment();
    }

    private Optional<MailAddress> account(Mail mail) throws MessagingException {
        Optional<String> authUser = AuthenticatedUser.of(mail);
        if (authUser.isEmpty()) {
            return Optional.empty();
        }
        try {
            return AccountAddress.of(authUser.get(), domainList);
        } catch (DomainListException e) {
            throw new MessagingException("The domain list cannot be read", e);
        }
    }

    /** Exactly one From address, the account's (compared as James compares mailboxes). */
    private static boolean fromIsOnly(MimeMessage message, MailAddress account) throws MessagingException {
        String[] from = message.getHeader("From");
        if (from == null || from.length != 1) {
            return false;
        }
        try {
            InternetAddress[] addresses = InternetAddress.parseHeader(from[0], true);
            return addresses.length == 1 && !addresses[0].isGroup()
                && MailAddresses.sameMailbox(addresses[0].getAddress(), account.asString());
        } catch (AddressException e) {
            return false;
        }
    }

    /** {@code addr=...; keydata=...}, the base64 folded into lines a mail transport keeps (section 2.1). */
    static String headerValue(String address, byte[] keyData) {
        String base64 = Base64.getEncoder().encodeToString(keyData);
        StringBuilder value = new StringBuilder("addr=").append(address).append("; keydata=");
        for (int i = 0; i < base64.length(); i += LINE_LENGTH) {
            value.append("\r\n ").append(base64, i, Math.min(base64.length(), i + LINE_LENGTH));
        }
        return value.toString();
    }
}
