package org.mailkeys.wkd;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mailkeys.store.WebKeyHash;

import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Reads the request target of a WKD request, strictly: anything that is not exactly one of the URLs of
 * draft-koch-openpgp-webkey-service is refused, before it reaches a store or a file name.
 * <ul>
 *     <li>advanced method (section 3.1): {@code /.well-known/openpgpkey/<domain>/hu/<hash>[?l=<local part>]} and
 *     {@code /.well-known/openpgpkey/<domain>/policy} and {@code .../<domain>/submission-address}; the domain is the one in the path (the host name is
 *     {@code openpgpkey.<domain>}, or whatever a reverse proxy forwards);</li>
 *     <li>direct method (section 3.1): {@code /.well-known/openpgpkey/hu/<hash>[?l=...]} and
 *     {@code /.well-known/openpgpkey/policy} and {@code .../submission-address}; the domain is the request's host
 *     name.</li>
 * </ul>
 * The path is compared as raw text: no percent-decoding, so {@code %2e%2e}, {@code %2f} and the like never match,
 * and {@code ..} or a doubled slash cannot match either. Only the value of {@code l} is percent-decoded (UTF-8).
 */
public final class WkdRequestParser {
    static final String WELL_KNOWN = "/.well-known/openpgpkey/";
    private static final String LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
    private static final Pattern DOMAIN = Pattern.compile("(?=.{1,253}$)" + LABEL + "(?:\\." + LABEL + ")+");
    private static final Pattern ADVANCED = Pattern.compile(
        Pattern.quote(WELL_KNOWN) + "([A-Za-z0-9.-]{1,253})/(?:hu/([ybndrfg8ejkmcpqxot1uwisza345h769]{32})|(policy|submission-address))");
    private static final Pattern DIRECT = Pattern.compile(
        Pattern.quote(WELL_KNOWN) + "(?:hu/([ybndrfg8ejkmcpqxot1uwisza345h769]{32})|(policy|submission-address))");
    /** RFC 5321, section 4.5.3.1.1: 64 octets; UTF-8 local parts (RFC 6531) count in octets too. */
    private static final int MAX_LOCAL_PART_OCTETS = 64;

    private WkdRequestParser() {
    }

    /** Thrown for what is not a WKD request: answered 400. */
    public static final class NotAWkdRequest extends Exception {
        private static final long serialVersionUID = 1L;

        NotAWkdRequest(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * @param target the request target as received (origin form)
     * @param host the Host header, empty when absent
     */
    public static WkdRequest parse(String target, Optional<String> host) throws NotAWkdRequest {
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        Optional<String> query = question < 0 ? Optional.empty() : Optional.of(target.substring(question + 1));

        Matcher advanced = ADVANCED.matcher(path);
        if (advanced.matches()) {
            String domain = domain(advanced.group(1));
            return advanced.group(3) != null ? file(advanced.group(3), domain, query)
                : key(domain, advanced.group(2), query);
        }
        Matcher direct = DIRECT.matcher(path);
        if (direct.matches()) {
            String domain = domain(hostName(host.orElseThrow(() -> new NotAWkdRequest("no Host header"))));
            return direct.group(2) != null ? file(direct.group(2), domain, query) : key(domain, direct.group(1), query);
        }
        throw new NotAWkdRequest("not a Web Key Directory path");
    }

    /** The policy file (section 4.5) or the submission address file (section 4.1); neither takes a query. */
    private static WkdRequest file(String name, String domain, Optional<String> query) throws NotAWkdRequest {
        if (query.isPresent()) {
            throw new NotAWkdRequest("the " + name + " file takes no query");
        }
        return name.equals("policy") ? WkdRequest.policy(domain) : WkdRequest.submissionAddress(domain);
    }

    private static WkdRequest key(String domain, String hash, Optional<String> query) throws NotAWkdRequest {
        Optional<String> localPart = localPart(query);
        if (localPart.isPresent() && !WebKeyHash.ofLocalPart(localPart.get()).equals(hash)) {
            throw new NotAWkdRequest("l does not match the hashed local part");
        }
        return WkdRequest.key(domain, hash, localPart);
    }

    private static Optional<String> localPart(Optional<String> query) throws NotAWkdRequest {
        if (query.isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<String>> parameters;
        try {
            parameters = new QueryStringDecoder(query.get(), StandardCharsets.UTF_8, false, 8).parameters();
        } catch (IllegalArgumentException e) {
            throw new NotAWkdRequest("bad percent-encoding in the query");
        }
        List<String> values = parameters.get("l");
        if (values == null) {
            return Optional.empty();
        }
        if (values.size() != 1) {
            throw new NotAWkdRequest("more than one l");
        }
        String localPart = values.get(0);
        if (localPart.isEmpty() || localPart.getBytes(StandardCharsets.UTF_8).length > MAX_LOCAL_PART_OCTETS
            || localPart.contains("@") || localPart.chars().anyMatch(c -> c < 0x21 || c == 0x7f
                || Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
            throw new NotAWkdRequest("l is not a local part");
        }
        return Optional.of(localPart);
    }

    /** The host name of a Host header: without its port, lower-cased. */
    private static String hostName(String host) {
        int colon = host.lastIndexOf(':');
        String name = colon >= 0 && host.indexOf(':') == colon ? host.substring(0, colon) : host;
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static String domain(String text) throws NotAWkdRequest {
        String domain = text.toLowerCase(Locale.ROOT);
        if (!DOMAIN.matcher(domain).matches()) {
            throw new NotAWkdRequest("not a domain name");
        }
        return domain;
    }
}
