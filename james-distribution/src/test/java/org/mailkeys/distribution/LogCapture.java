package org.mailkeys.distribution;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;

/** Everything the server logs while it is attached (levels as logback-test.xml lets through), as text. */
final class LogCapture implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    LogCapture() {
        appender.start();
        root.addAppender(appender);
    }

    String text() {
        List<ILoggingEvent> events;
        synchronized (appender) {
            events = new ArrayList<>(appender.list);
        }
        return events.stream().map(LogCapture::render).collect(Collectors.joining("\n"));
    }

    private static String render(ILoggingEvent event) {
        String text = event.getLoggerName() + " " + event.getFormattedMessage();
        if (event.getThrowableProxy() != null) {
            text += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
        }
        return text;
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
