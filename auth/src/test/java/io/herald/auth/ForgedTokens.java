package io.herald.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Access tokens signed with the real key but with one claim missing or bad, for tests that try to
 * get past a verifier (published in the auth test jar for the ingest API's and gateway's tests).
 * {@link #wellFormed} builds the same claims untouched, so a test can show the baseline passes.
 */
public final class ForgedTokens {

  private ForgedTokens() {}

  /** A correctly built access token for {@code p}, as the issuer would sign it. */
  public static String wellFormed(SigningKeys keys, String issuer, HeraldPrincipal p) {
    return keys.sign(claims(issuer, p, Instant.now()).build());
  }

  /** Name of the defect → a signed access token with exactly that defect. */
  public static Map<String, String> defective(SigningKeys keys, String issuer, HeraldPrincipal p) {
    Instant now = Instant.now();
    Map<String, UnaryOperator<JWTClaimsSet.Builder>> defects = new LinkedHashMap<>();
    defects.put("no exp", b -> b.expirationTime(null));
    defects.put("no iat", b -> b.issueTime(null));
    defects.put("no aud", b -> b.audience((List<String>) null));
    defects.put("no iss", b -> b.issuer(null));
    defects.put("other iss", b -> b.issuer(issuer + "-evil"));
    defects.put("ticket aud", b -> b.audience(Claims.TICKET_AUDIENCE));
    defects.put("ten-year lifetime", b -> b.expirationTime(Date.from(now.plus(Duration.ofDays(3650)))));
    defects.put("issued in the future", b -> b.issueTime(Date.from(now.plus(Duration.ofHours(1))))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(90)))));
    defects.put("expired", b -> b.issueTime(Date.from(now.minus(Duration.ofHours(2))))
        .notBeforeTime(Date.from(now.minus(Duration.ofHours(2)))).expirationTime(Date.from(now.minus(Duration.ofHours(1)))));
    Map<String, String> tokens = new LinkedHashMap<>();
    defects.forEach((name, defect) -> tokens.put(name, keys.sign(defect.apply(claims(issuer, p, now)).build())));
    return tokens;
  }

  private static JWTClaimsSet.Builder claims(String issuer, HeraldPrincipal p, Instant now) {
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject(p.userId())
        .audience(Claims.ACCESS_AUDIENCE)
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))
        .jwtID(UUID.randomUUID().toString())
        .claim(Claims.ROLE, p.role().claim())
        .claim(Claims.SHOPS, List.copyOf(p.shopIds()));
  }
}
