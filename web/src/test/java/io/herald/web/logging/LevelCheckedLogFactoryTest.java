package io.herald.web.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LevelCheckedLogFactoryTest {

  private static final String NAME = "io.herald.web.logging.test";
  private final Logger logback = (Logger) LoggerFactory.getLogger(NAME);
  /** Keeps the events with their caller data, which Logback computes from the stack when first asked. */
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>() {
    @Override
    protected void append(ILoggingEvent event) {
      event.getCallerData();
      super.append(event);
    }
  };

  /** A lazy message, as Spring's {@code LogMessage}: counts how often it is formatted. */
  private final AtomicInteger formatted = new AtomicInteger();
  private final Object message = new Object() {
    @Override
    public String toString() {
      formatted.incrementAndGet();
      return "formatted";
    }
  };

  @BeforeEach
  void capture() {
    appender.start();
    logback.addAppender(appender);
  }

  @AfterEach
  void release() {
    logback.detachAppender(appender);
    logback.setLevel(null);
  }

  @Test
  void commonsLoggingFindsThisFactory() {
    assertThat(LogFactory.getFactory()).isInstanceOf(LevelCheckedLogFactory.class);
    assertThat(LogFactory.getLog(NAME)).isInstanceOf(LevelCheckedLogFactory.LevelCheckedLog.class);
  }

  @Test
  void aMessageBelowTheLevelIsNeverFormatted() {
    logback.setLevel(Level.INFO);
    Log log = LogFactory.getLog(NAME);

    log.debug(message);
    log.trace(message, new IllegalStateException());

    assertThat(formatted).hasValue(0);
    assertThat(appender.list).isEmpty();
  }

  @Test
  void anEnabledMessageIsFormattedOnceAndLoggedWithItsLevelCauseAndTheCallersLocation() {
    logback.setLevel(Level.DEBUG);
    Log log = LogFactory.getLog(NAME);
    IllegalStateException cause = new IllegalStateException("why");

    log.debug(message);
    log.warn(message, cause);
    log.fatal("fatal");

    assertThat(formatted).hasValue(2);
    assertThat(appender.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.DEBUG, Level.WARN, Level.ERROR);
    assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("formatted", "formatted", "fatal");
    assertThat(appender.list.get(1).getThrowableProxy().getMessage()).isEqualTo("why");
    assertThat(appender.list.get(0).getCallerData()[0].getClassName()).isEqualTo(getClass().getName());
  }
}
