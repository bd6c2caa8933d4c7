package org.mailkeys.wkd;

/** Which domains the directory answers for: the mail server's own, as it knows them right now. */
@FunctionalInterface
public interface HostedDomains {
    boolean hosts(String domain);
}
