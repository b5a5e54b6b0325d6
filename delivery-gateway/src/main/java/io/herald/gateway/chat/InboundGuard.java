package io.herald.gateway.chat;

import io.herald.web.ratelimit.TokenBucket;
/**
 * Per-connection inbound rate policy: a frame beyond the {@link TokenBucket} is refused with an
 * {@code error rate_limited} frame (and not processed); {@code maxStrikes} refusals in a row mean the
 * client ignores the signal, and the connection is closed with 1008 (policy violation). Any accepted
 * frame clears the strikes.
 */
final class InboundGuard {

  enum Verdict { ACCEPT, REFUSE, CLOSE }

  private final TokenBucket bucket;
  private final int maxStrikes;
  private int strikes;

  InboundGuard(TokenBucket bucket, int maxStrikes) {
    this.bucket = bucket;
    this.maxStrikes = maxStrikes;
  }

  /** Called for each inbound frame, in order (one socket's frames never arrive concurrently). */
  synchronized Verdict check() {
    if (bucket.tryTake()) {
      strikes = 0;
      return Verdict.ACCEPT;
    }
    return ++strikes >= maxStrikes ? Verdict.CLOSE : Verdict.REFUSE;
  }
}
