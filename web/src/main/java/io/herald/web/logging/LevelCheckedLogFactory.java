package io.herald.web.logging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LocationAwareLogger;

/**
 * Commons Logging (what Spring logs through) onto SLF4J, checking the level BEFORE a message is
 * turned into a string. Registered as the {@code LogFactory} service of this jar, which Commons
 * Logging looks up before its own SLF4J bridge.
 *
 * <p>Why: Commons Logging 1.3's bridge ({@code Slf4jLogFactory}) calls {@code String.valueOf(message)}
 * on every {@code debug(Object)} and only then lets SLF4J drop it by level, while Spring hands it
 * lazy messages that are meant to be formatted only when enabled
 * ({@code logger.debug(LogMessage.format("Trying to match using %s", matcher))}). Spring Security's
 * request matchers log such a line per matcher on every request: under load ~13 % of the ingest
 * API's allocation went to formatting debug lines nobody logged (JFR, docs/benchmarks.md).
 */
public final class LevelCheckedLogFactory extends LogFactory {

  private final Map<String, Object> attributes = new ConcurrentHashMap<>();
  private final Map<String, Log> logs = new ConcurrentHashMap<>();

  @Override
  public Object getAttribute(String name) {
    return attributes.get(name);
  }

  @Override
  public String[] getAttributeNames() {
    return attributes.keySet().toArray(String[]::new);
  }

  @Override
  public Log getInstance(Class<?> clazz) {
    return getInstance(clazz.getName());
  }

  @Override
  public Log getInstance(String name) {
    return logs.computeIfAbsent(name, n -> new LevelCheckedLog(LoggerFactory.getLogger(n)));
  }

  @Override
  public void release() {
    logs.clear();
  }

  @Override
  public void removeAttribute(String name) {
    attributes.remove(name);
  }

  @Override
  public void setAttribute(String name, Object value) {
    if (value == null) {
      attributes.remove(name);
    } else {
      attributes.put(name, value);
    }
  }

  /** One logger: every method checks its level first, then formats and logs with the caller's location. */
  static final class LevelCheckedLog implements Log {

    private static final String FQCN = LevelCheckedLog.class.getName();
    private final Logger logger;
    private final LocationAwareLogger located;

    LevelCheckedLog(Logger logger) {
      this.logger = logger;
      this.located = logger instanceof LocationAwareLogger l ? l : null;
    }

    private void log(int level, Object message, Throwable t) {
      String text = String.valueOf(message);
      if (located != null) {
        located.log(null, FQCN, level, text, null, t);
        return;
      }
      switch (level) {
        case LocationAwareLogger.TRACE_INT -> logger.trace(text, t);
        case LocationAwareLogger.DEBUG_INT -> logger.debug(text, t);
        case LocationAwareLogger.INFO_INT -> logger.info(text, t);
        case LocationAwareLogger.WARN_INT -> logger.warn(text, t);
        default -> logger.error(text, t);
      }
    }

    @Override
    public boolean isTraceEnabled() {
      return logger.isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
      return logger.isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
      return logger.isInfoEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
      return logger.isWarnEnabled();
    }

    @Override
    public boolean isErrorEnabled() {
      return logger.isErrorEnabled();
    }

    @Override
    public boolean isFatalEnabled() {
      return logger.isErrorEnabled();
    }

    @Override
    public void trace(Object message) {
      trace(message, null);
    }

    @Override
    public void trace(Object message, Throwable t) {
      if (logger.isTraceEnabled()) {
        log(LocationAwareLogger.TRACE_INT, message, t);
      }
    }

    @Override
    public void debug(Object message) {
      debug(message, null);
    }

    @Override
    public void debug(Object message, Throwable t) {
      if (logger.isDebugEnabled()) {
        log(LocationAwareLogger.DEBUG_INT, message, t);
      }
    }

    @Override
    public void info(Object message) {
      info(message, null);
    }

    @Override
    public void info(Object message, Throwable t) {
      if (logger.isInfoEnabled()) {
        log(LocationAwareLogger.INFO_INT, message, t);
      }
    }

    @Override
    public void warn(Object message) {
      warn(message, null);
    }

    @Override
    public void warn(Object message, Throwable t) {
      if (logger.isWarnEnabled()) {
        log(LocationAwareLogger.WARN_INT, message, t);
      }
    }

    @Override
    public void error(Object message) {
      error(message, null);
    }

    @Override
    public void error(Object message, Throwable t) {
      if (logger.isErrorEnabled()) {
        log(LocationAwareLogger.ERROR_INT, message, t);
      }
    }

    @Override
    public void fatal(Object message) {
      error(message, null);
    }

    @Override
    public void fatal(Object message, Throwable t) {
      error(message, t);
    }
  }
}
