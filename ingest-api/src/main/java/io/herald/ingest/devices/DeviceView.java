package io.herald.ingest.devices;

import java.time.Instant;

/** A registered device as the API shows it (the token is the client's own; it is shown back). */
record DeviceView(String deviceId, String token, String platform, String locale, Instant addedAt) {}
