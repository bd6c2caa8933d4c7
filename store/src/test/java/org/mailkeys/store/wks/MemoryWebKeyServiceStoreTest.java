package org.mailkeys.store.wks;

class MemoryWebKeyServiceStoreTest extends WebKeyServiceStoreContract {
    private final MemoryWebKeyServiceStore store = new MemoryWebKeyServiceStore();

    @Override
    WebKeyServiceStore store() {
        return store;
    }
}
