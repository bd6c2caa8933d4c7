package org.mailkeys.testing;

/** What the tests' mail accounts share. */
public final class TestAccounts {
    /** The password of every test account that does not name its own. */
    public static final String PASSWORD = "secret";

    private TestAccounts() {
    }
}
