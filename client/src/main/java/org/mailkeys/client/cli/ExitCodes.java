package org.mailkeys.client.cli;

import java.util.List;

import org.mailkeys.client.Outcome;

/**
 * The exit status of {@code mailkeys}. With several addresses, the largest code among them wins: the codes
 * grow with how much the user must worry.
 *
 * <pre>
 * 0  success: published, deleted, key found (and imported/written), or request sent (--no-wait)
 * 1  internal error (a bug)
 * 2  usage or configuration error (bad option, missing account or password, unreadable file)
 * 3  not found: the provider answered, with a verified MAC, that it has no key for the address
 * 4  no answer in time (the request stays pending: `mailkeys answers` collects it later)
 * 5  not supported: the domain does not offer MailKeys (keys@ bounced or was refused, or no mail domain)
 * 6  rejected: the server answered ERROR (verified or not: the message says which)
 * 7  tampered: an answer failed verification (wrong MAC, malformed, or contradicted by the provider's key log);
 *    or unverified: --require transparency, and the answer's log proof was not verified; nothing of it was used
 * 8  could not send or collect (DNS, connection, TLS, login); with port 25 unreachable, see --relay
 * 9  GnuPG failed (export of the account's key, or import of a found key)
 * 10 probably not supported: only a bounce (DSN) came, which anyone could have forged; the request stays pending
 * </pre>
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int INTERNAL = 1;
    public static final int USAGE = 2;
    public static final int NOT_FOUND = 3;
    public static final int NO_ANSWER = 4;
    public static final int NOT_SUPPORTED = 5;
    public static final int REJECTED = 6;
    public static final int TAMPERED = 7;
    public static final int FAILED = 8;
    public static final int GPG_FAILED = 9;
    public static final int PROBABLY_NOT_SUPPORTED = 10;

    private ExitCodes() {
    }

    public static int of(Outcome outcome) {
        return outcome.accept(new Outcome.Cases<Integer>() {
            @Override
            public Integer otherwise(Outcome other) {
                return OK;
            }

            @Override
            public Integer notFound(Outcome.NotFound notFound) {
                return NOT_FOUND;
            }

            @Override
            public Integer probablyNotSupported(Outcome.ProbablyNotSupported bounced) {
                return PROBABLY_NOT_SUPPORTED;
            }

            @Override
            public Integer noAnswer(Outcome.NoAnswer noAnswer) {
                return NO_ANSWER;
            }

            @Override
            public Integer notSupported(Outcome.NotSupported notSupported) {
                return NOT_SUPPORTED;
            }

            @Override
            public Integer serverError(Outcome.ServerError error) {
                return REJECTED;
            }

            @Override
            public Integer tampered(Outcome.Tampered tampered) {
                return TAMPERED;
            }

            @Override
            public Integer unverified(Outcome.Unverified unverified) {
                return TAMPERED;
            }

            @Override
            public Integer failed(Outcome.Failed failed) {
                return FAILED;
            }
        });
    }

    public static int of(List<Outcome> outcomes) {
        return outcomes.stream().mapToInt(ExitCodes::of).max().orElse(OK);
    }
}
