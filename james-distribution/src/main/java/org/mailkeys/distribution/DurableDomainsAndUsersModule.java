package org.mailkeys.distribution;

import java.nio.file.Path;
import java.util.Map;

import javax.inject.Singleton;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.jpa.JPADomainList;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.jpa.JPAUsersRepository;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * Keeps the hosted domains and the users (with their password hashes) in an embedded Derby database under James'
 * {@code var/}, through James' own JPA domain list and users repository, instead of the memory server's maps that
 * a restart empties. Mailboxes stay in memory. Overrides the memory server's {@code DomainList} and
 * {@code UsersRepository} bindings; configured from the same {@code domainlist.xml} and {@code usersrepository.xml}.
 */
public final class DurableDomainsAndUsersModule extends AbstractModule {
    /** The persistence unit of {@code META-INF/persistence.xml}: James' domain and user entities, nothing else. */
    static final String PERSISTENCE_UNIT = "mailkeys-domains-and-users";
    /** Derby's folder under James' {@code var/}. */
    static final String DATABASE_FOLDER = "domains-and-users";

    @Override
    protected void configure() {
        bind(JPADomainList.class).in(Scopes.SINGLETON);
        bind(DomainList.class).to(JPADomainList.class);
        bind(JPAUsersRepository.class).in(Scopes.SINGLETON);
        bind(UsersRepository.class).to(JPAUsersRepository.class);
    }

    @Provides
    @Singleton
    EntityManagerFactory entityManagerFactory(JamesDirectoriesProvider directories) {
        Path database = Path.of(directories.getVarDirectory(), DATABASE_FOLDER).toAbsolutePath();
        return Persistence.createEntityManagerFactory(PERSISTENCE_UNIT,
            Map.of("openjpa.ConnectionURL", "jdbc:derby:" + database + ";create=true"));
    }

    @ProvidesIntoSet
    InitializationOperation configureDomainList(DomainListConfiguration configuration, JPADomainList domainList) {
        return InitilizationOperationBuilder
            .forClass(JPADomainList.class)
            .init(() -> {
                domainList.init();
                domainList.configure(configuration);
            });
    }

    @ProvidesIntoSet
    InitializationOperation configureUsersRepository(ConfigurationProvider configurationProvider,
                                                     JPAUsersRepository usersRepository) {
        return InitilizationOperationBuilder
            .forClass(JPAUsersRepository.class)
            .init(() -> {
                usersRepository.configure(configurationProvider.getConfiguration("usersrepository"));
                usersRepository.init();
            });
    }
}
