package io.herald.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import org.junit.jupiter.api.Test;

/**
 * Logback's status warnings stay unprinted through a reset: Logback and Spring Boot print a context's
 * warnings only when it has no status listener, and a reset (each service's context re-applying
 * {@code herald-logback.xml}) drops every listener that is not reset-resistant. A Kafka thread logging in
 * that window left "No appenders present ..." to be printed (StandaloneStartLogTest saw it).
 */
class QuietStatusListenerTest {

  @Test
  void theStandaloneLogKeepsItsQuietStatusListenerThroughAReset() throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(getClass().getResource("/herald-logback.xml"));
    assertThat(StatusUtil.contextHasStatusListener(context)).isTrue();

    context.reset(); // what a Spring context does before it loads the file again
    context.getLogger("org.apache.kafka.raft.LeaderState").warn("logged between the reset and the configuration");

    assertThat(context.getStatusManager().getCopyOfStatusList())
        .as("the warning a printer would print").anyMatch(s -> s.getLevel() == Status.WARN
            && s.getMessage().contains("No appenders present"));
    assertThat(StatusUtil.contextHasStatusListener(context)).as("so no printer prints it").isTrue();
  }
}
