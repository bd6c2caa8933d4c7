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
 * The header is made once per stored key version and sender ({@link AutocryptHeaderCache}), not for every mail.
 * Parameters: {@code storeTimeoutSeconds} (default 10), {@code cachedSenders} (how many senders' headers are kept,
 * default 2,000).
 */
public class AddAutocryptHeader extends GenericMailet {
    static final String HEADER = "Autocrypt";
    static final String METRIC_ADDED = "mailkeys_autocrypt_added";
    private static final Logger LOGGER = LoggerFactory.getLogger(AddAutocryptHeader.class);
    private static final int LINE_LENGTH = 76;
    static final String CACHE_PARAMETER = "cachedSenders";
    /** At most 10 KiB of key data (about 14 KB of header) per sender: under 30 MB at worst for the default. */
    static final long DEFAULT_CACHED_SENDERS = 2_000;

    private final KeyStore keyStore;
    private final DomainList domainList;
    private final MetricFactory metrics;
    private final Clock clock;
    private final AutocryptHeaderCache.KeyDataMaker keyDataMaker;
    private StoreCalls store;
    private AutocryptHeaderCache headers;

    @Inject
    public AddAutocryptHeader(KeyStore keyStore, DomainList domainList, MetricFactory metrics) {
        this(keyStore, domainList, metrics, Clock.systemUTC());
    }

    AddAutocryptHeader(KeyStore keyStore, DomainList domainList, MetricFactory metrics, Clock clock) {
        this(keyStore, domainList, metrics, clock, AutocryptKey::prepare);
    }

    AddAutocryptHeader(KeyStore keyStore, DomainList domainList, MetricFactory metrics, Clock clock,
                       AutocryptHeaderCache.KeyDataMaker keyDataMaker) {
        this.keyStore = keyStore;
        this.domainList = domainList;
        this.metrics = metrics;
        this.clock = clock;
        this.keyDataMaker = keyDataMaker;
    }

    @Override
    public void init() throws MessagingException {
        MailetParameters parameters = MailetParameters.of(getMailetConfig(),
            Set.of(StoreCalls.TIMEOUT_PARAMETER, CACHE_PARAMETER));
        store = StoreCalls.configured(keyStore, parameters, metrics);
        headers = new AutocryptHeaderCache((int) parameters.number(CACHE_PARAMETER, DEFAULT_CACHED_SENDERS, 1, 1_000_000),
            keyDataMaker);
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
        String address = MailAddresses.normalise(account.get().asString());
        Optional<String> header = key.flatMap(found -> headers.headerValue(found, address, clock.instant()));
        if (header.isEmpty()) {
            return;
        }
        message.addHeader(HEADER, header.get());
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
