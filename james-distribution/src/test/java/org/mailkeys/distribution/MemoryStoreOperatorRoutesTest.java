package org.mailkeys.distribution;

import org.apache.james.JamesServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailkeys.distribution.testjames.TestJames;

/** The operator routes with the memory key store. */
class MemoryStoreOperatorRoutesTest extends OperatorRoutesContract {
    private static final RuntimeFolder RUNTIME = RuntimeFolder.forTests()
        .withMailKeysProperties(mailKeysProperties("store=memory"));

    @RegisterExtension
    static JamesServerExtension james = TestJames.perClass(RUNTIME);

    @Override
    ListenerPorts ports() {
        return RUNTIME.ports();
    }
}
