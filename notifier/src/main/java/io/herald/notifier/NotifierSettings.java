package io.herald.notifier;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the notifier ({@code herald.notifier.*}).
 *
 * @param groupId consumer group on {@code notification-requests}
 * @param maxPollRecords requests taken per poll (the batch a crash can interrupt)
 * @param pollTimeout how long one poll waits for records
 * @param maxAttempts sends of one request (first try included) before it goes to the dead-letter topic
 * @param initialBackoff wait before the first retry; doubles per retry
 * @param maxBackoff cap of the wait between retries
 * @param jitter random share (0..1) taken off each wait, so retries of many requests spread out
 * @param preview what a push shows: {@code full} text, {@code sender} only, or {@code none}
 * @param mongoUri MongoDB holding the send ledger
 * @param database database of the ledger
 * @param mongoTimeout bound on server selection, connecting, each socket read and the wait for a pooled connection
 * @param mongoMaxPoolSize connections per server at most
 * @param ledgerRetention how long a request id is remembered (longer than the topic's retention)
 * @param mailFrom From address of digest e-mails
 * @param unsubscribeSecret HMAC key (at least 32 bytes) shared with the ingest API; empty: e-mails carry no unsubscribe link
 * @param unsubscribeBaseUrl public base URL of the ingest API for the unsubscribe link
 * @param appUrl link in e-mails to open the app
 */
@ConfigurationProperties("herald.notifier")
public record NotifierSettings(
    @DefaultValue("herald-notifier") String groupId,
    @DefaultValue("50") int maxPollRecords,
    @DefaultValue("500ms") Duration pollTimeout,
    @DefaultValue("8") int maxAttempts,
    @DefaultValue("1s") Duration initialBackoff,
    @DefaultValue("30s") Duration maxBackoff,
    @DefaultValue("0.5") double jitter,
    @DefaultValue("full") PreviewMode preview,
    @DefaultValue("mongodb://127.0.0.1:27017") String mongoUri,
    @DefaultValue("herald") String database,
    @DefaultValue("10s") Duration mongoTimeout,
    @DefaultValue("100") int mongoMaxPoolSize,
    @DefaultValue("35d") Duration ledgerRetention,
    @DefaultValue("Herald <no-reply@herald.local>") String mailFrom,
    @DefaultValue("") String unsubscribeSecret,
    @DefaultValue("http://127.0.0.1:8081") String unsubscribeBaseUrl,
    @DefaultValue("http://127.0.0.1:8082/chat") String appUrl) {

  /** What a push notification may reveal on a lock screen. */
  public enum PreviewMode { FULL, SENDER, NONE }

  public NotifierSettings {
    if (maxAttempts < 1 || maxPollRecords < 1) {
      throw new IllegalArgumentException("herald.notifier.max-attempts and max-poll-records must be >= 1");
    }
    if (jitter < 0 || jitter > 1) {
      throw new IllegalArgumentException("herald.notifier.jitter must be within 0..1");
    }
  }
}
