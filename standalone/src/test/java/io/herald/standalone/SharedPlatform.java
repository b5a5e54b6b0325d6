package io.herald.standalone;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One whole platform ({@link Platform#start()}) for a test class and its {@link Api}
 * ({@code @RegisterExtension static}): started before the first test, closed after the last.
 */
final class SharedPlatform implements BeforeAllCallback, AfterAllCallback {

  private HeraldPlatform platform;
  private Api api;

  @Override
  public void beforeAll(ExtensionContext context) {
    platform = Platform.start();
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
