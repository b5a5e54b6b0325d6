package io.herald.ingest.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Input bounds ({@code herald.ingest.limits.*}); anything larger is refused with 400 or 413.
 *
 * @param maxBodySize request body size (413 beyond it)
 * @param maxItems line items per checkout
 * @param maxQuantity quantity per line item
 * @param maxIdLength checkout ids, SKUs, message kinds, attribute keys
 * @param maxNameLength item names, display names
 * @param maxMessageBody shop message body (UTF-8 bytes)
 * @param maxAttributes attributes per shop message
 * @param maxAttributeValueLength characters per attribute value
 * @param maxShopsPerMerchant shop ids a merchant account may name
 * @param maxFutureSkew how far in the future a client's occurredAt may be (client clock drift)
 * @param maxEventAge how far in the past occurredAt may be (offline clients replaying a queue)
 */
@ConfigurationProperties("herald.ingest.limits")
public record LimitSettings(
    @DefaultValue("64KB") DataSize maxBodySize,
    @DefaultValue("100") int maxItems,
    @DefaultValue("10000") int maxQuantity,
    @DefaultValue("128") int maxIdLength,
    @DefaultValue("200") int maxNameLength,
    @DefaultValue("4KB") DataSize maxMessageBody,
    @DefaultValue("32") int maxAttributes,
    @DefaultValue("512") int maxAttributeValueLength,
    @DefaultValue("50") int maxShopsPerMerchant,
    @DefaultValue("5m") Duration maxFutureSkew,
    @DefaultValue("30d") Duration maxEventAge) {}
