package org.wlcy.classroom.gateway.config;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code log.format} ({@code text} or {@code json}) to standard output. Logback reads
 * {@code CLASSROOM_LOG_FORMAT} from the environment itself when it starts; a {@code --log.format}
 * flag is known only once the configuration is loaded, so the named configuration file is read
 * again with the format set as a context property.
 */
public final class LogFormat {
    static final String PROPERTY = "CLASSROOM_LOG_FORMAT";

    private LogFormat() {
    }

    /** Switches the console to {@code format}, reading {@code resource} (normally {@code logback.xml}) again. */
    public static void apply(String format, String resource) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J binding: its own configuration decides
        }
        if (format.equals(context.getProperty(PROPERTY)) || format.equals(System.getenv(PROPERTY))) {
            return;
        }
        URL xml = LogFormat.class.getClassLoader().getResource(resource);
        if (xml == null) {
            return;
        }
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        context.reset();
        context.putProperty(PROPERTY, format);
        try {
            configurator.doConfigure(xml);
        } catch (JoranException e) {
            throw new IllegalStateException("cannot apply log.format=" + format + " from " + xml, e);
        }
    }
}
