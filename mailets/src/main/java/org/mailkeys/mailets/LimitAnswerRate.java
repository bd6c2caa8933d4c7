package org.mailkeys.mailets;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailkeys.protocol.ErrorCode;
import org.mailkeys.settings.BoundedNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces the answer rates of docs/PROTOCOL.md section 5, in memory on each James node ({@link AnswerRateLimiter}).
 * Requests under every limit pass on (and count); the first one over a limit gets one {@code ERROR rate-limited}
 * answer (with a MAC when the body ends with a well-formed K_auth), the next ones are dropped silently until the
 * window closes. Mail received with SMTP AUTH is counted against its account alone (at the per-sender limit), and
 * its rate-limited answer goes to the account's address; other mail against its sender, sender domain and client
 * IP (an IPv6 client per /64). Counters are created only for a request that will be answered, and one client network
 * owns a bounded share of them ({@link AnswerRateLimiter}).
 *
 * <pre>{@code
 * <mailet match="All" class="org.mailkeys.mailets.LimitAnswerRate">
 *     <perSender>10</perSender>               <!-- answers per sender address per window, default 10 -->
 *     <perClientIp>60</perClientIp>           <!-- answers per client IP per window, default 60 -->
 *     <perSenderDomain>100</perSenderDomain>  <!-- answers per sender domain per window, default 100 -->
 *     <windowSeconds>3600</windowSeconds>     <!-- default one hour -->
 *     <maxTrackedKeys>100000</maxTrackedKeys> <!-- memory bound per table, default 100000; counters in an open
 *                                                  window are never evicted, a request needing a new one is dropped -->
 *     <maxTrackedKeysPerClient>241</maxTrackedKeysPerClient> <!-- counters one IPv4 address or IPv6 /64 may own (an
 *                                                  IPv6 /48 four times that); default 4 x perClientIp + 1, at most a
 *                                                  sixteenth of maxTrackedKeys -->
 * </mailet>
 * }</pre>
 */
public class LimitAnswerRate extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(LimitAnswerRate.class);

    static final String PER_SENDER = "perSender";
    static final String PER_CLIENT_IP = "perClientIp";
    static final String PER_SENDER_DOMAIN = "perSenderDomain";
    static final String WINDOW_SECONDS = "windowSeconds";
    static final String MAX_TRACKED_KEYS = "maxTrackedKeys";
    static final String MAX_TRACKED_KEYS_PER_CLIENT = "maxTrackedKeysPerClient";
    static final long DEFAULT_PER_SENDER = 10;
    static final long DEFAULT_PER_CLIENT_IP = 60;
    static final long DEFAULT_PER_SENDER_DOMAIN = 100;
    static final long DEFAULT_WINDOW_SECONDS = 3600;
    static final long DEFAULT_MAX_TRACKED_KEYS = 100_000;

    private final MetricFactory metrics;
    private final DropGate gate;
    private final KeyServiceMails requests;
    private final Clock clock;
    private AnswerRateLimiter limiter;
    private Answers answers;

    @Inject
    public LimitAnswerRate(MetricFactory metrics, DomainList domainList, RequestLimits limits) {
        this(metrics, domainList, limits, Clock.systemUTC());
    }

    LimitAnswerRate(MetricFactory metrics, DomainList domainList, RequestLimits limits, Clock clock) {
        this.metrics = metrics;
        this.gate = new DropGate(metrics);
        this.requests = new KeyServiceMails(domainList, limits, gate);
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        MailetParameters parameters = MailetParameters.of(getMailetConfig(),
            Set.of(PER_SENDER, PER_CLIENT_IP, PER_SENDER_DOMAIN, WINDOW_SECONDS, MAX_TRACKED_KEYS,
                MAX_TRACKED_KEYS_PER_CLIENT));
        long perClientIp = parameters.number(PER_CLIENT_IP, DEFAULT_PER_CLIENT_IP, 1, Integer.MAX_VALUE);
        int maxTrackedKeys = (int) parameters.number(MAX_TRACKED_KEYS, DEFAULT_MAX_TRACKED_KEYS, 100, 10_000_000);
        AnswerRateLimiter.Limits limits = new AnswerRateLimiter.Limits(
            parameters.number(PER_SENDER, DEFAULT_PER_SENDER, 1, Integer.MAX_VALUE),
            perClientIp,
            parameters.number(PER_SENDER_DOMAIN, DEFAULT_PER_SENDER_DOMAIN, 1, Integer.MAX_VALUE),
            parameters.duration(BoundedNumber.duration(WINDOW_SECONDS, ChronoUnit.SECONDS, 1, 7 * 24 * 3600),
                Duration.ofSeconds(DEFAULT_WINDOW_SECONDS)),
            maxTrackedKeys,
            (int) parameters.number(MAX_TRACKED_KEYS_PER_CLIENT,
                AnswerRateLimiter.Limits.defaultShare(perClientIp, maxTrackedKeys), AnswerRateLimiter.Limits.MIN_SHARE,
                maxTrackedKeys));
        limiter = new AnswerRateLimiter(limits, clock);
        answers = new Answers(getMailetContext(), metrics);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<KeyServiceMail> request = requests.of(mail);
        if (request.isEmpty() || request.get().retry()) {
            return; // a retry was counted at its first attempt (docs/PROTOCOL.md 4.2)
        }
        MailAddress answerTo = request.get().answerTo();
        AnswerRateLimiter.Decision decision;
        if (request.get().authenticated()) {
            if (request.get().account().isEmpty()) {
                return; // PublishKey drops it: the SMTP AUTH user name is no mail address
            }
            // docs/PROTOCOL.md 5: counted against the account alone, never the envelope sender anyone can forge
            decision = limiter.decideForAccount(answerTo.asString());
        } else {
            decision = limiter.decide(answerTo.asString(), Optional.ofNullable(mail.getRemoteAddr()));
        }
        switch (decision) {
            case ANSWER:
                return;
            case ANSWER_RATE_LIMITED:
                LOGGER.info("Key service rate limit reached by {} (client {}); one rate-limited answer, then silence",
                    answerTo.asString(), mail.getRemoteAddr());
                answers.error(mail, answerTo, ErrorCode.RATE_LIMITED, RequestText.kAuthOf(mail));
                mail.setState(Mail.GHOST);
                return;
            case NO_ROOM:
                gate.drop(mail, DropReason.RATE_TABLE_FULL);
                return;
            case CLIENT_SHARE_FULL:
                gate.drop(mail, DropReason.RATE_TABLE_CLIENT_SHARE);
                return;
            default:
                gate.drop(mail, DropReason.RATE_LIMITED);
        }
    }

    @Override
    public String getMailetInfo() {
        return "MailKeys: answer rate limits per sender, client IP and sender domain";
    }
}
