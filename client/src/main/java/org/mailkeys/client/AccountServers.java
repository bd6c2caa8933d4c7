package org.mailkeys.client;

import java.io.IOException;

/** The account's own submission and IMAP servers, and its login, asked for once and only when a server needs it. */
final class AccountServers {
    private final ClientSettings settings;
    private final ServiceLocator locator;
    private Credentials credentials;

    AccountServers(ClientSettings settings, ServiceLocator locator) {
        this.settings = settings;
        this.locator = locator;
    }

    MailServer submission() throws MailKeysException {
        try {
            return locator.submission(RequestMessages.domainOf(settings.account()), settings.submission());
        } catch (IOException e) {
            throw new MailKeysException("cannot find the submission server of " + settings.account() + ": " + e.getMessage(), e);
        }
    }

    MailServer imap() throws MailKeysException {
        try {
            return locator.imap(RequestMessages.domainOf(settings.account()), settings.imap());
        } catch (IOException e) {
            throw new MailKeysException("cannot find the IMAP server of " + settings.account() + ": " + e.getMessage(), e);
        }
    }

    synchronized Credentials credentials() {
        if (credentials == null) {
            credentials = settings.credentials().get();
        }
        return credentials;
    }
}
