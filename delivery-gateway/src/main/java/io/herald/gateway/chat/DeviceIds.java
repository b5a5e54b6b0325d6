package io.herald.gateway.chat;

import io.herald.web.problem.ProblemException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.util.MultiValueMap;

/**
 * The {@code ?deviceId=} of a chat socket: names the device in its sends (so it can drop its own
 * echoes) and receipts. Short and plain (it is logged and stored), or a random one when absent.
 */
final class DeviceIds {

  static final String PARAM = "deviceId";
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.:\\-]{1,64}");

  private DeviceIds() {}

  /** @throws ProblemException 400 for an invalid id */
  static String from(MultiValueMap<String, String> query) {
    String v = query.getFirst(PARAM);
    if (v == null || v.isEmpty()) {
      return "d-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
    if (!VALID.matcher(v).matches()) {
      throw ProblemException.badRequest("Invalid deviceId", "deviceId is 1 to 64 letters, digits or . _ : -");
    }
    return v;
  }
}
