package io.herald.gateway.chat;

/**
 * One open chat socket as other features of the gateway see it.
 *
 * @param sessionId unique among this process's sockets (a counter): with the gateway's id it names
 *     the session to the presence processor
 * @param userId the authenticated user
 * @param deviceId the socket's {@code ?deviceId=}
 */
public record ChatSession(String sessionId, String userId, String deviceId) {}
