package org.mailkeys.store.wks;

class MemoryWebKeyServiceStoreTest extends WebKeyServiceStoreContract {
    private final MemoryWebKeyServiceStore store = new MemoryWebKeyServiceStore();

    @Override
    protected WebKeyServiceStore store() {
        return store;
    }
}
