package io.herald.ingest.devices;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Device registration and notification settings ({@code herald.ingest.devices.*}).
 *
 * @param maxDevicesPerUser registered push tokens per user; registering one more drops the oldest
 *     (its {@code DeviceTokenRemoved} is published)
 * @param maxTokenLength characters of a push token (FCM tokens are ~160)
 * @param maxMutedConversations conversations one user may mute (400 beyond)
 * @param unsubscribeSecret HMAC key (at least 32 bytes) shared with the notifier, which signs the
 *     one-click unsubscribe links of digest e-mails; when empty, the unsubscribe endpoint answers 404
 */
@ConfigurationProperties("herald.ingest.devices")
public record DeviceSettings(
    @DefaultValue("10") int maxDevicesPerUser,
    @DefaultValue("4096") int maxTokenLength,
    @DefaultValue("500") int maxMutedConversations,
    @DefaultValue("") String unsubscribeSecret) {}
