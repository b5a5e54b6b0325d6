package io.herald.standalone;

import ch.qos.logback.core.status.NopStatusListener;

/**
 * Logback's own status lines stay quiet for the whole run (the standalone log's first entry). Each
 * service's Spring context re-applies {@code herald-logback.xml}, and a reset drops every status
 * listener that is not reset-resistant: a Kafka thread logging in that window ("No appenders present
 * ... for logger ...") left a warning in a context with no listener, which Spring Boot then printed
 * (it prints Logback's warnings when no listener is present). This one survives the resets.
 */
public final class QuietStatusListener extends NopStatusListener {

  @Override
  public boolean isResetResistant() {
    return true;
  }
}
