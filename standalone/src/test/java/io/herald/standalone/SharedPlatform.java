package io.herald.standalone;

import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One whole platform ({@link Platform#start()}) for a test class and its {@link Api}
 * ({@code @RegisterExtension static}): started before the first test, closed after the last.
 */
final class SharedPlatform implements BeforeAllCallback, AfterAllCallback {

  private final Supplier<Map<String, Object>> extra;
  private HeraldPlatform platform;
  private Api api;

  SharedPlatform() {
    this(Map::of);
  }

  /** With extra properties for every service, asked for when the platform starts. */
  SharedPlatform(Supplier<Map<String, Object>> extra) {
    this.extra = extra;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    platform = Platform.start(extra.get());
    api = new Api(platform);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (platform != null) {
      platform.close();
    }
  }

  HeraldPlatform platform() {
    return platform;
  }

  Api api() {
    return api;
  }
}
