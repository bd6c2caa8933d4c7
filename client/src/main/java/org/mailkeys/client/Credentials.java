package org.mailkeys.client;

import java.util.Objects;

/** The login to the user's own servers. The password never appears in {@link #toString()}. */
public final class Credentials {
    private final String user;
    private final char[] password;

    public Credentials(String user, char[] password) {
        this.user = Objects.requireNonNull(user);
        this.password = password.clone();
    }

    public String user() {
        return user;
    }

    public String password() {
        return new String(password);
    }

    @Override
    public String toString() {
        return "Credentials[" + user + ", password redacted]";
    }
}
