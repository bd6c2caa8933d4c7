package org.mailkeys.matchers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;

/** A DomainList in memory for unit tests; can be told to fail, to play a broken backend. */
public final class FakeDomainList implements DomainList {
    private final List<Domain> domains = new CopyOnWriteArrayList<>();
    private final Domain defaultDomain;
    private volatile boolean failing;

    public FakeDomainList(String defaultDomain, String... others) {
        this.defaultDomain = Domain.of(defaultDomain);
        domains.add(this.defaultDomain);
        for (String other : others) {
            domains.add(Domain.of(other));
        }
    }

    public void failFromNowOn() {
        failing = true;
    }

    private void check() throws DomainListException {
        if (failing) {
            throw new DomainListException("domain list backend down (test)");
        }
    }

    @Override
    public List<Domain> getDomains() throws DomainListException {
        check();
        return new ArrayList<>(domains);
    }

    @Override
    public boolean containsDomain(Domain domain) throws DomainListException {
        check();
        return domains.contains(domain);
    }

    @Override
    public void addDomain(Domain domain) throws DomainListException {
        check();
        domains.add(domain);
    }

    @Override
    public void removeDomain(Domain domain) throws DomainListException {
        check();
        domains.remove(domain);
    }

    @Override
    public Domain getDefaultDomain() throws DomainListException {
        check();
        return defaultDomain;
    }
}
