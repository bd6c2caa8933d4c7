package org.mailkeys.mailets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.internet.ParseException;

import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetException;
import org.apache.mailet.base.GenericMailet;
import org.mailkeys.matchers.ServiceAddresses;
import org.mailkeys.protocol.MailAddresses;
import org.mailkeys.protocol.ProtocolException;
import org.mailkeys.protocol.PublicKeyArmor;
import org.mailkeys.protocol.PublicKeyPolicy;
import org.mailkeys.protocol.SanitisedKey;
import org.mailkeys.protocol.WksDecryption;
import org.mailkeys.protocol.WksKeyPair;
import org.mailkeys.protocol.WksText;
import org.mailkeys.settings.BoundedNumber;
import org.mailkeys.store.ChangeOrigin;
import org.mailkeys.store.KeyStore;
import org.mailkeys.store.NodeName;
import org.mailkeys.store.StoredKey;
import org.mailkeys.store.VersionRule;
import org.mailkeys.store.wks.PendingSubmission;
import org.mailkeys.store.wks.WebKeyServiceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Web Key Service (draft-koch-openpgp-webkey-service section 4) at the submission address, {@code keys@<domain>}:
 * takes a key submission, sends the confirmation request, and publishes the key when the confirmation response comes
 * back, through the same write path, history (actor {@code wks}), Web Key Directory index and Autocrypt header as a
 * MailKeys publication (docs/PROTOCOL.md section 11).
 *
 * <p>The account is the SMTP AUTH user, never a header: a submission is taken only over SMTP AUTH, for a key whose
 * one user ID naming the account is the account's address; a response only from the same account. Whatever is
 * refused publishes nothing and mails no one: it is logged and counted ({@code mailkeys.wks.refused.<reason>}) and
 * dropped (GHOST). The two mails the service sends go to the authenticated account's address only.
 *
 * <pre>{@code
 * <mailet match="org.mailkeys.matchers.WebKeyServiceMail" class="org.mailkeys.mailets.WebKeyService">
 *     <storeTimeoutSeconds>10</storeTimeoutSeconds>   <!-- default 10 -->
 *     <pendingPerAccount>5</pendingPerAccount>         <!-- default 5 -->
 *     <pendingDays>3</pendingDays>                     <!-- default 3 -->
 *     <onMailetException>mailkeys-error</onMailetException>
 * </mailet>
 * }</pre>
 */
public class WebKeyService extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(WebKeyService.class);
    static final String PENDING_PER_ACCOUNT = "pendingPerAccount";
    static final String PENDING_DAYS = "pendingDays";
    static final int DEFAULT_PENDING_PER_ACCOUNT = 5;
    static final int DEFAULT_PENDING_DAYS = 3;
    /** The largest mail taken: a submission of the 64 KiB publication limit, encrypted and armored, with headers. */
    static final int MAX_MAIL_BYTES = 128 * 1024;
    static final String METRIC_PREFIX = "mailkeys.wks.";
    private static final Duration STATE_TIMEOUT = Duration.ofSeconds(10);

    private final KeyStore keyStore;
    private final WebKeyServiceStore state;
    private final SubmissionKeys submissionKeys;
    private final ServiceAddresses serviceAddresses;
    private final DomainList domainList;
    private final KeyServiceMails requests;
    private final MetricFactory metrics;
    private final NodeName node;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final PublicKeyPolicy policy = new PublicKeyPolicy();
    private final VersionRule versions;
    private KeyPublications publications;
    private WksMails mails;
    private int pendingPerAccount;
    private Duration pendingLifetime;

    @Inject
    public WebKeyService(KeyStore keyStore, WebKeyServiceStore state, SubmissionKeys submissionKeys,
                         ServiceAddresses serviceAddresses, DomainList domainList, RequestLimits limits,
                         MetricFactory metrics, NodeName node, VersionRule versions) {
        this(keyStore, state, submissionKeys, serviceAddresses, domainList, limits, metrics, node, Clock.systemUTC(),
            versions);
    }

    WebKeyService(KeyStore keyStore, WebKeyServiceStore state, SubmissionKeys submissionKeys,
                  ServiceAddresses serviceAddresses, DomainList domainList, RequestLimits limits, MetricFactory metrics,
                  NodeName node, Clock clock) {
        this(keyStore, state, submissionKeys, serviceAddresses, domainList, limits, metrics, node, clock,
            new VersionRule(clock, node));
    }

    private WebKeyService(KeyStore keyStore, WebKeyServiceStore state, SubmissionKeys submissionKeys,
                          ServiceAddresses serviceAddresses, DomainList domainList, RequestLimits limits,
                          MetricFactory metrics, NodeName node, Clock clock, VersionRule versions) {
        this.requests = new KeyServiceMails(domainList, limits, new DropGate(metrics));
        this.versions = versions;
        this.keyStore = keyStore;
        this.state = state;
        this.submissionKeys = submissionKeys;
        this.serviceAddresses = serviceAddresses;
        this.domainList = domainList;
        this.metrics = metrics;
        this.node = node;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        MailetParameters parameters = MailetParameters.of(getMailetConfig(),
            Set.of(StoreCalls.TIMEOUT_PARAMETER, PENDING_PER_ACCOUNT, PENDING_DAYS));
        StoreCalls store = StoreCalls.configured(keyStore, parameters, metrics);
        publications = new KeyPublications(store, new PublicationOrder(versions), clock);
        mails = new WksMails(getMailetContext(), random);
        pendingPerAccount = (int) parameters.number(PENDING_PER_ACCOUNT, DEFAULT_PENDING_PER_ACCOUNT, 1,
            Integer.MAX_VALUE);
        pendingLifetime = parameters.duration(BoundedNumber.duration(PENDING_DAYS, ChronoUnit.DAYS, 1,
            Integer.MAX_VALUE), Duration.ofDays(DEFAULT_PENDING_DAYS));
        prepareHostedDomains();
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<KeyServiceMail> request = requests.of(mail);
        mail.setState(Mail.GHOST); // whatever happens below, nothing of this mail goes further
        if (request.isEmpty()) {
            return; // dropped: the null sender
        }
        if (!request.get().authenticated()) {
            refused(mail, "anonymous", "not sent with SMTP AUTH");
            return;
        }
        Optional<MailAddress> account = request.get().account();
        if (account.isEmpty() || !MailAddresses.isPlausible(account.get().asString())) {
            refused(mail, "account", "the SMTP AUTH user is no mail address this service can name");
            return;
        }
        Optional<MailAddress> submissionAddress = submissionAddressOf(mail, account.get());
        if (submissionAddress.isEmpty()) {
            refused(mail, "recipient", "not sent to the submission address of the account's domain");
            return;
        }
        if (mail.getMessageSize() > MAX_MAIL_BYTES) {
            refused(mail, "too-large", "larger than " + MAX_MAIL_BYTES + " bytes");
            return;
        }
        try {
            WksKeyPair submissionKey = submissionKeys.of(account.get().getDomain().asString());
            handle(mail, account.get(), submissionKey);
        } catch (ProtocolException e) {
            refused(mail, e.code().wireName(), e.getMessage());
        } catch (KeyStoreUnavailableException e) {
            // kept and retried by James (onMailetException): nothing was sent for this mail yet
            mail.setState(Mail.DEFAULT);
            throw new MailetException("WebKeyService: key store unavailable", e);
        }
    }

    private void handle(Mail mail, MailAddress account, WksKeyPair submissionKey)
        throws MessagingException, ProtocolException, KeyStoreUnavailableException {
        MimeMessage message = mail.getMessage();
        ContentType type = contentType(message.getContentType());
        if (type.match("application/pgp-keys")) {
            // the draft's clear form (section 4.3): the key as the body
            submission(mail, account, submissionKey, clearBody(message));
            return;
        }
        if (!type.match("multipart/encrypted")) {
            throw ProtocolException.malformed("neither multipart/encrypted nor application/pgp-keys");
        }
        byte[] clear = WksDecryption.decrypt(encryptedPart(message), submissionKey);
        ClearEntity entity = ClearEntity.parse(clear);
        if (entity.type.match("application/pgp-keys")) {
            submission(mail, account, submissionKey, entity.body);
        } else if (entity.type.match("application/vnd.gnupg.wks")) {
            response(mail, account, submissionKey, new String(entity.body, StandardCharsets.UTF_8));
        } else {
            throw ProtocolException.malformed("the encrypted part is neither a key nor a Web Key Service text");
        }
    }

    private void submission(Mail mail, MailAddress account, WksKeyPair submissionKey, byte[] keyFile)
        throws MessagingException, ProtocolException, KeyStoreUnavailableException {
        SanitisedKey key = policy.accept(PublicKeyArmor.keyBytesOfFile(keyFile), account.asString());
        if (key.userIds().size() != 1) {
            // docs/PROTOCOL.md 11: the user-ID rule must leave exactly one user ID, the one the confirmation names
            refused(mail, "user-ids", "the key names the account in " + key.userIds().size() + " user IDs");
            return;
        }
        String nonce = WksText.newNonce(random);
        Instant now = clock.instant();
        PendingSubmission pending = new PendingSubmission(account.asString(), nonce, key.fingerprint(), key.keyBytes(),
            now.plus(pendingLifetime));
        Boolean added = awaitState(state.addPending(pending, pendingPerAccount, now));
        if (!Boolean.TRUE.equals(added)) {
            refused(mail, "pending-limit", "the account has " + pendingPerAccount + " submissions waiting");
            return;
        }
        mails.confirmationRequest(submissionKey, account, key.fingerprint(), nonce, key.keyBytes());
        metrics.generate(METRIC_PREFIX + "submitted").increment();
        LOGGER.info("Web Key Service: key {} of {} waits for its confirmation", key.fingerprint(), account.asString());
    }

    private void response(Mail mail, MailAddress account, WksKeyPair submissionKey, String text)
        throws MessagingException, ProtocolException, KeyStoreUnavailableException {
        WksText response = WksText.parse(text);
        String nonce = response.field("nonce").orElse("");
        if (!response.field("type").filter(WksText.CONFIRMATION_RESPONSE::equals).isPresent() || nonce.isEmpty()) {
            throw ProtocolException.malformed("not a confirmation response");
        }
        if (!response.field("address").map(StoredKey::normalise).filter(account.asString()::equalsIgnoreCase)
            .isPresent()) {
            refused(mail, "address", "the response is for another address than the account's");
            return;
        }
        if (response.field("sender").filter(sender -> !sender.equalsIgnoreCase(submissionKey.userId())).isPresent()) {
            refused(mail, "sender", "the response names another submission address");
            return;
        }
        Instant now = clock.instant();
        Optional<PendingSubmission> match = matching(account, nonce, response.field("fingerprint"));
        if (match.isEmpty()) {
            refused(mail, "nonce", "no pending submission of the account has this nonce");
            return;
        }
        PendingSubmission pending = match.get();
        // removed before the key is written, so that a replay (on any node) finds nothing
        boolean taken = Boolean.TRUE.equals(awaitState(state.remove(account.asString(), pending.nonce())));
        if (!taken) {
            refused(mail, "nonce", "the confirmation was used already");
            return;
        }
        if (pending.expired(now)) {
            refused(mail, "expired", "the submission expired before its confirmation");
            return;
        }
        SanitisedKey key = new SanitisedKey(pending.keyBytes(), pending.fingerprint(), List.of(account.asString()));
        boolean applied;
        try {
            applied = publications.publish(mail, account.asString(), key,
                at -> ChangeOrigin.webKeyService(account.asString(), node.value(), at)).isPresent();
        } catch (KeyStoreUnavailableException e) {
            // put back, so that James' retry of this response finds it (best effort: the state may be down too)
            state.addPending(pending, Integer.MAX_VALUE, now).onErrorReturn(false).block(STATE_TIMEOUT);
            throw e;
        }
        if (!applied) {
            refused(mail, "superseded", "a newer publication or deletion of the account was applied first");
            return;
        }
        metrics.generate(METRIC_PREFIX + "published").increment();
        LOGGER.info("Web Key Service: key {} published for {}", pending.fingerprint(), account.asString());
        mails.published(submissionKey.userId(), account, pending.keyBytes());
    }

    /** Every pending submission of the account is compared, each in constant time, so the time tells nothing. */
    private Optional<PendingSubmission> matching(MailAddress account, String nonce, Optional<String> fingerprint)
        throws KeyStoreUnavailableException {
        List<PendingSubmission> pending = awaitState(state.pending(account.asString()).collectList());
        PendingSubmission found = null;
        for (PendingSubmission candidate : pending == null ? List.<PendingSubmission>of() : pending) {
            boolean nonceMatches = WksText.sameSecret(candidate.nonce(), nonce);
            boolean fingerprintMatches = fingerprint.map(received -> WksText.sameSecret(candidate.fingerprint(),
                received.toUpperCase(Locale.ROOT))).orElse(true);
            if (nonceMatches & fingerprintMatches) {
                found = candidate;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The recipient that is the submission address of the account's own domain. */
    private Optional<MailAddress> submissionAddressOf(Mail mail, MailAddress account) {
        return mail.getRecipients().stream()
            .filter(serviceAddresses::hasServiceLocalPart)
            .filter(recipient -> recipient.getDomain().equals(account.getDomain()))
            .findFirst();
    }

    private static byte[] encryptedPart(MimeMessage message) throws MessagingException, ProtocolException {
        try {
            MimeMultipart multipart = new MimeMultipart(message.getDataHandler().getDataSource());
            if (multipart.getCount() != 2) {
                throw ProtocolException.malformed("multipart/encrypted without exactly two parts");
            }
            BodyPart control = multipart.getBodyPart(0);
            BodyPart data = multipart.getBodyPart(1);
            if (!contentType(control.getContentType()).match("application/pgp-encrypted")
                || !contentType(data.getContentType()).match("application/octet-stream")) {
                throw ProtocolException.malformed("not PGP/MIME (RFC 3156 section 4)");
            }
            return boundedBytes(data.getInputStream());
        } catch (IOException e) {
            throw ProtocolException.malformed("the MIME structure cannot be read");
        }
    }

    private static byte[] clearBody(MimeMessage message) throws MessagingException, ProtocolException {
        try {
            return boundedBytes(message.getInputStream());
        } catch (IOException e) {
            throw ProtocolException.malformed("the body cannot be read");
        }
    }

    static byte[] boundedBytes(InputStream in) throws ProtocolException {
        try (in) {
            byte[] bytes = in.readNBytes(WksDecryption.MAX_MESSAGE_BYTES + 1);
            if (bytes.length > WksDecryption.MAX_MESSAGE_BYTES) {
                throw ProtocolException.malformed("a part is larger than " + WksDecryption.MAX_MESSAGE_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw ProtocolException.malformed("a part cannot be read");
        }
    }

    private static ContentType contentType(String header) throws ProtocolException {
        try {
            return new ContentType(header == null ? "text/plain" : header);
        } catch (ParseException e) {
            throw ProtocolException.malformed("a Content-Type cannot be read");
        }
    }

    private <T> T awaitState(reactor.core.publisher.Mono<T> call) throws KeyStoreUnavailableException {
        try {
            return call.block(STATE_TIMEOUT);
        } catch (RuntimeException e) {
            throw new KeyStoreUnavailableException("the Web Key Service state cannot be read", e);
        }
    }

    private void refused(Mail mail, String reason, String text) {
        metrics.generate(METRIC_PREFIX + "refused." + reason).increment();
        LOGGER.info("Web Key Service mail {} refused ({}): {}", mail.getName(), reason, text);
    }

    private void prepareHostedDomains() {
        try {
            domainList.getDomains().forEach(domain -> submissionKeys.prepare(domain.asString())
                .subscribe(key -> { }, error -> LOGGER.warn("Web Key Service: no submission key for {} yet: {}",
                    domain.asString(), error.toString())));
        } catch (DomainListException e) {
            LOGGER.warn("Web Key Service: the domain list cannot be read; submission keys are made when needed");
        }
    }

    @Override
    public String getMailetInfo() {
        return "MailKeys: the Web Key Service (draft-koch-openpgp-webkey-service) of the key service address";
    }

    /** A decrypted MIME entity: its Content-Type and its body, decoded when base64 or quoted-printable. */
    static final class ClearEntity {
        final ContentType type;
        final byte[] body;

        private ClearEntity(ContentType type, byte[] body) {
            this.type = type;
            this.body = body;
        }

        static ClearEntity parse(byte[] clear) throws ProtocolException {
            try {
                javax.mail.internet.MimeBodyPart part = new javax.mail.internet.MimeBodyPart(
                    new java.io.ByteArrayInputStream(clear));
                ContentType type = contentType(part.getContentType());
                return new ClearEntity(type, boundedBytes(part.getInputStream()));
            } catch (MessagingException e) {
                throw ProtocolException.malformed("the decrypted part is not a MIME entity");
            } catch (IOException e) {
                throw ProtocolException.malformed("the decrypted part cannot be read");
            }
        }
    }
}
