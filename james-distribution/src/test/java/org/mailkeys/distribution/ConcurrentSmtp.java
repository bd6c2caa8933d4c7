package org.mailkeys.distribution;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.mailkeys.testing.SmtpSession;
import org.mailkeys.testing.TestMessages;

/** Many anonymous mails over several SMTP connections at once, each connection with STARTTLS on the MX listener. */
final class ConcurrentSmtp {
    private ConcurrentSmtp() {
    }

    /**
     * Sends mails number 0 to {@code count - 1}; connection c sends numbers c, c + connections, ... in order.
     *
     * @param mail the envelope sender and the message of a mail number; called on the connection's thread
     */
    static void send(int port, String recipient, int connections, int count, IntFunction<Map.Entry<String, TestMessages>> mail)
        throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(connections);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int connection = 0; connection < connections; connection++) {
                int first = connection;
                done.add(threads.submit(() -> {
                    try (SmtpSession session = SmtpSession.startTls(port)) {
                        for (int number = first; number < count; number += connections) {
                            Map.Entry<String, TestMessages> next = mail.apply(number);
                            session.send(next.getKey(), recipient, next.getValue().raw());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> connection : done) {
                connection.get();
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
