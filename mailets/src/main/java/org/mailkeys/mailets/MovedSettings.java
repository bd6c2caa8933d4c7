package org.mailkeys.mailets;

import java.util.Map;
import java.util.Optional;

import org.mailkeys.matchers.ServiceAddresses;

/**
 * Mailet and SMTP hook parameters of earlier versions that now live in {@code mailkeys.properties}: given in
 * mailetcontainer.xml or smtpserver.xml, they fail the start with a message that says where the setting is now.
 */
public final class MovedSettings {
    private static final Map<String, String> NOW_IN_MAILKEYS_PROPERTIES = Map.of(
        "serviceLocalPart", ServiceAddresses.PROPERTY,
        "retrievalLimit", RequestLimits.RETRIEVAL_PROPERTY,
        "publicationLimit", RequestLimits.PUBLICATION_PROPERTY,
        "publicationMailLimit", RequestLimits.PUBLICATION_PROPERTY);

    private MovedSettings() {
    }

    /** Where a moved parameter is set now, as a sentence to append to a start failure; empty for other names. */
    public static Optional<String> whereNow(String parameter) {
        return Optional.ofNullable(NOW_IN_MAILKEYS_PROPERTIES.get(parameter))
            .map(key -> "'" + parameter + "' has moved: set " + key + " in mailkeys.properties");
    }
}
