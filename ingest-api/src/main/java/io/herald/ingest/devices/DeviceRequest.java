package io.herald.ingest.devices;

/** Body of {@code POST /v1/users/me/devices}. */
record DeviceRequest(String token, String platform, String locale) {}
