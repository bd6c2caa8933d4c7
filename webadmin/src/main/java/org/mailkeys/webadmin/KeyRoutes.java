package org.mailkeys.webadmin;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.apache.james.webadmin.utils.ParametersExtractor;
import org.eclipse.jetty.http.HttpStatus;
import org.mailkeys.protocol.PublicKeyArmor;
import org.mailkeys.store.HistoryEntry;
import org.mailkeys.store.KeyStore;
import org.mailkeys.store.StoredKey;

import com.fasterxml.jackson.core.JsonProcessingException;

import reactor.core.publisher.Mono;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The operator's view of the keys, in WebAdmin. James loads it when {@code webadmin.properties} names it:
 * <pre>
 * extensions.routes=org.mailkeys.webadmin.KeyRoutes
 * </pre>
 * <ul>
 *     <li>{@code GET /mailkeys/keys/{address}}: what is stored ({@link KeyView}); with
 *     {@code Accept: application/pgp-keys}, the armored key</li>
 *     <li>{@code DELETE /mailkeys/keys/{address}?reason=...}: removal by the operator ({@link OperatorDeletion})</li>
 *     <li>{@code GET /mailkeys/keys/{address}/history}: every applied change, oldest first ({@link HistoryView})</li>
 *     <li>{@code GET /mailkeys/domains/{domain}/keys?limit=&after=}: a page of the domain's addresses with a key</li>
 * </ul>
 * Errors are James' own: 400 {@code InvalidArgument} for a bad address, domain or paging parameter, 404
 * {@code notFound} for a domain James does not host or an address without a key, 500 {@code ServerError} when the
 * key store cannot answer.
 */
public class KeyRoutes implements Routes {
    public static final String BASE_PATH = "/mailkeys";
    public static final String PGP_KEYS = "application/pgp-keys";
    static final String KEYS = BASE_PATH + "/keys/:address";
    static final String HISTORY = KEYS + "/history";
    static final String DOMAIN_KEYS = BASE_PATH + "/domains/:domain/keys";
    static final String LOG = BASE_PATH + "/log";
    static final String AFTER = "after";
    static final int DEFAULT_PAGE_SIZE = 100;
    /** The store calls a request makes are bounded, so a stalled store cannot hold WebAdmin's threads. */
    static final Duration STORE_TIMEOUT = Duration.ofSeconds(10);

    private final KeyStore keyStore;
    private final DomainList domainList;
    private final OperatorDeletion deletion;
    private final JsonTransformer json;
    private final KeyLogStatus keyLog;

    @Inject
    public KeyRoutes(KeyStore keyStore, DomainList domainList, OperatorDeletion deletion, JsonTransformer json,
                     KeyLogStatus keyLog) {
        this.keyStore = keyStore;
        this.domainList = domainList;
        this.deletion = deletion;
        this.json = json;
        this.keyLog = keyLog;
    }

    public KeyRoutes(KeyStore keyStore, DomainList domainList, OperatorDeletion deletion, JsonTransformer json) {
        this.keyLog = KeyLogStatus.OFF;
        this.keyStore = keyStore;
        this.domainList = domainList;
        this.deletion = deletion;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(KEYS, this::getKey);
        service.delete(KEYS, this::deleteKey);
        service.get(HISTORY, this::getHistory);
        service.get(DOMAIN_KEYS, this::getDomainKeys);
        service.get(LOG, this::getLog);
    }

    /** The verifiable key log: origin, public keys, size and latest checkpoint; 404 when the log is off. */
    private Object getLog(Request request, Response response) throws Exception {
        KeyLogStatus.KeyLogView view = keyLog.status()
            .orElseThrow(() -> notFound("The key log is off (log.enabled in mailkeys.properties)"));
        return json(response, view);
    }

    private Object getKey(Request request, Response response) throws JsonProcessingException {
        MailAddress address = hostedAddress(request);
        StoredKey key = await(keyStore.find(address.asString()))
            .orElseThrow(() -> notFound("No key is published for " + address.asString()));
        String accept = Optional.ofNullable(request.headers("Accept")).orElse("");
        if (accept.contains(PGP_KEYS)) {
            response.type(PGP_KEYS);
            return PublicKeyArmor.armor(key.keyBytes());
        }
        Optional<HistoryEntry> change = await(keyStore.history(key.address())
            .filter(entry -> entry.version() == key.version())
            .next());
        return json(response, KeyView.of(key, change));
    }

    private Object deleteKey(Request request, Response response) {
        MailAddress address = hostedAddress(request);
        deletion.delete(address, request);
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    private Object getHistory(Request request, Response response) throws JsonProcessingException {
        MailAddress address = hostedAddress(request);
        List<HistoryView> history = await(keyStore.history(address.asString()).collectList())
            .orElse(List.of())
            .stream()
            .map(HistoryView::of)
            .collect(Collectors.toList());
        return json(response, history);
    }

    private Object getDomainKeys(Request request, Response response) throws JsonProcessingException {
        Domain domain = hostedDomain(request.params("domain"));
        int limit = ParametersExtractor.extractLimit(request).getLimit().orElse(DEFAULT_PAGE_SIZE);
        if (limit > KeyStore.MAX_PAGE_SIZE) {
            throw badRequest("limit can not be more than " + KeyStore.MAX_PAGE_SIZE);
        }
        Optional<String> after = Optional.ofNullable(request.queryParams(AFTER)).filter(value -> !value.isEmpty())
            .map(value -> addressOf(value).asString());
        List<String> addresses = await(keyStore.addresses(domain.asString(), after, limit).collectList())
            .orElse(List.of());
        return json(response, addresses);
    }

    private String json(Response response, Object value) throws JsonProcessingException {
        response.type("application/json");
        return json.render(value);
    }

    private MailAddress hostedAddress(Request request) {
        MailAddress address = addressOf(request.params("address"));
        hostedDomain(address.getDomain().asString());
        return address;
    }

    static MailAddress addressOf(String raw) {
        try {
            return new MailAddress(StoredKey.normalise(raw));
        } catch (Exception e) {
            throw badRequest("Invalid mail address: " + printable(raw));
        }
    }

    private Domain hostedDomain(String raw) {
        Domain domain;
        try {
            domain = Domain.of(raw);
        } catch (IllegalArgumentException e) {
            throw badRequest("Invalid domain: " + printable(raw));
        }
        try {
            if (!domainList.containsDomain(domain)) {
                throw notFound("Domain not hosted here: " + domain.asString());
            }
        } catch (DomainListException e) {
            throw ErrorResponder.builder().statusCode(HttpStatus.INTERNAL_SERVER_ERROR_500)
                .type(ErrorResponder.ErrorType.SERVER_ERROR).message("Cannot read the domain list").haltError();
        }
        return domain;
    }

    static <T> Optional<T> await(Mono<T> call) {
        try {
            return call.timeout(STORE_TIMEOUT).blockOptional();
        } catch (RuntimeException e) {
            throw ErrorResponder.builder().statusCode(HttpStatus.INTERNAL_SERVER_ERROR_500)
                .type(ErrorResponder.ErrorType.SERVER_ERROR)
                .message("The key store is unavailable (%s)", e.getClass().getSimpleName())
                .haltError();
        }
    }

    static RuntimeException badRequest(String message) {
        return ErrorResponder.builder().statusCode(HttpStatus.BAD_REQUEST_400)
            .type(ErrorResponder.ErrorType.INVALID_ARGUMENT).message(message).haltError();
    }

    static RuntimeException notFound(String message) {
        return ErrorResponder.builder().statusCode(HttpStatus.NOT_FOUND_404)
            .type(ErrorResponder.ErrorType.NOT_FOUND).message(message).haltError();
    }

    /** Error messages name the input, but never echo control characters into a log or a terminal. */
    static String printable(String raw) {
        String value = raw == null ? "" : raw;
        String cut = value.length() > 100 ? value.substring(0, 100) + "..." : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
