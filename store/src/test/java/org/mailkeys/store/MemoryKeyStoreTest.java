package org.mailkeys.store;

import org.junit.jupiter.api.BeforeEach;

class MemoryKeyStoreTest implements KeyStoreContract {
    private MemoryKeyStore keyStore;

    @BeforeEach
    void setUp() {
        keyStore = new MemoryKeyStore();
    }

    @Override
    public KeyStore keyStore() {
        return keyStore;
    }
}
