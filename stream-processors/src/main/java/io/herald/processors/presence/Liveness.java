package io.herald.processors.presence;

import io.herald.events.GatewayHeartbeat;
import java.time.Duration;

/**
 * When a session counts as dead: its gateway has been silent on {@code gateway-liveness}, and the
 * session itself has sent nothing, for the timeout. One rule covers every gateway generation:
 * <ul>
 *   <li>a current gateway beats once per interval for all its sessions, so its sessions live as
 *       long as it beats, with no per-session traffic;</li>
 *   <li>an older gateway that never beats keeps each session alive with per-session HEARTBEATs
 *       (the session's own last event is the evidence);</li>
 *   <li>a session on a gateway never seen beating expires the timeout after its last event.</li>
 * </ul>
 *
 * <p>The timeout is {@code gateway-timeout}, raised to {@value #MISSED_BEATS} of the gateway's
 * announced intervals so that a gateway configured to beat slowly is not declared dead between
 * two beats; the announced interval is trusted up to {@value #MAX_INTERVAL_FACTOR} x
 * gateway-timeout, so a bogus value cannot keep dead sessions for days.
 *
 * <p>Times compare the gateways' clocks ({@code occurred_at}) with the processor's wall clock, so
 * the timeout must cover the interval plus clock skew (NTP keeps it in milliseconds); the default
 * 30 s against a 10 s interval leaves 20 s. A gateway clock behind ours brings expiry forward by
 * the skew, one ahead delays it by the skew; a reported last_seen is never later than now.
 */
final class Liveness {

  static final int MISSED_BEATS = 3;
  static final int MAX_INTERVAL_FACTOR = 10;

  private final long timeoutMs;

  Liveness(Duration gatewayTimeout) {
    this.timeoutMs = gatewayTimeout.toMillis();
  }

  /** How long the gateway (null: never seen beating) may be silent. */
  long timeoutMs(GatewayHeartbeat beat) {
    if (beat == null) {
      return timeoutMs;
    }
    long announced = Math.min(Math.max(beat.getIntervalMs(), 0), timeoutMs * MAX_INTERVAL_FACTOR);
    return Math.max(timeoutMs, MISSED_BEATS * announced);
  }

  /** True while the gateway's own beats keep all its sessions alive. */
  boolean gatewayAlive(GatewayHeartbeat beat, long now) {
    return beat != null && now < lastBeat(beat) + timeoutMs(beat);
  }

  /** Whether a session whose own last sign of life was {@code lastEventAt} is dead at {@code now}. */
  boolean expired(GatewayHeartbeat beat, long lastEventAt, long now) {
    return now >= lastSeen(beat, lastEventAt, now) + timeoutMs(beat);
  }

  /** Best knowledge of when the session was last alive: its last event or its gateway's last beat. */
  long lastSeen(GatewayHeartbeat beat, long lastEventAt, long now) {
    long beatAt = beat == null ? Long.MIN_VALUE : Math.min(lastBeat(beat), now); // never report the future
    return Math.max(beatAt, lastEventAt);
  }

  private static long lastBeat(GatewayHeartbeat beat) {
    return beat.getOccurredAt().toEpochMilli();
  }
}
