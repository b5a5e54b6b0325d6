package io.herald.standalone;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium (Debian's {@code chromium} and its {@code chromium-driver}, installed by
 * {@code .ci/run}) driven over WebDriver, with its own profile folder; closed with {@link #close}.
 * The browser and driver are looked for in {@code -Dherald.chromium=FILE} /
 * {@code -Dherald.chromedriver=FILE}, then {@code /usr/bin}, then the PATH; nothing is downloaded
 * (Selenium Manager is never asked: both paths are given). When they are missing the test FAILS,
 * unless run with {@code -Dherald.browser=skip} (local runs without Chromium only), as the Firebase
 * emulator tests do. Every wait is bounded ({@link WebDriverWait}); nothing sleeps.
 */
final class Browser implements AutoCloseable {

  static final String SKIP_PROPERTY = "herald.browser";
  static final Duration WAIT = Duration.ofSeconds(60); // generous: a loaded 2-core machine; never a speed claim

  final WebDriver driver;
  private final Path profile;
  private final List<LogEntry> log = new java.util.ArrayList<>();
  private boolean closed;

  private Browser(WebDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  static Browser open() {
    File chromium = find("herald.chromium", "chromium", "chromium-browser");
    File chromedriver = find("herald.chromedriver", "chromedriver");
    try {
      Path profile = Files.createTempDirectory("herald-chromium");
      ChromeOptions options = new ChromeOptions().setBinary(chromium).addArguments(
          "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,860",
          "--user-data-dir=" + profile, "--lang=en-US",
          // nothing from the internet: no component updates, no background fetches of Google services
          "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--disable-default-apps", "--disable-domain-reliability", "--no-pings");
      options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
      ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
          .usingAnyFreePort().withSilent(true).build();
      return new Browser(new ChromeDriver(service, options), profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      return unavailable("cannot start " + chromium + " with " + chromedriver + ": " + e.getMessage());
    }
  }

  private static File find(String property, String... names) {
    String configured = System.getProperty(property);
    if (configured != null) {
      return new File(configured);
    }
    for (String name : names) {
      File usual = new File("/usr/bin", name);
      if (usual.canExecute()) {
        return usual;
      }
      for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        File bin = new File(dir, name);
        if (bin.canExecute()) {
          return bin;
        }
      }
    }
    return unavailable("no " + names[0] + ": install Debian's chromium and chromium-driver"
        + " (`apt-get install -y chromium chromium-driver`, see .ci/run), or set -D" + property);
  }

  /** Fails, or (only with {@code -Dherald.browser=skip}) skips the test. */
  private static <T> T unavailable(String why) {
    Assumptions.assumeFalse("skip".equals(System.getProperty(SKIP_PROPERTY)), why);
    throw new IllegalStateException(why + " (to skip locally: -D" + SKIP_PROPERTY + "=skip)");
  }

  Browser get(String url) {
    driver.get(url);
    return this;
  }

  /** Signs in on a Herald page's sign-in form. */
  Browser signIn(Api.Account account) {
    type("email", account.email());
    type("password", account.password());
    driver.findElement(By.cssSelector("#signin button")).click();
    return this;
  }

  Browser type(String id, String text) {
    WebElement input = until("#" + id + " to be enabled", d -> {
      WebElement e = d.findElement(By.id(id));
      return e.isDisplayed() && e.isEnabled() ? e : null;
    });
    input.clear();
    input.sendKeys(text);
    return this;
  }

  Browser click(String css) {
    until(css + " to be clickable", d -> {
      d.findElement(By.cssSelector(css)).click(); // inside the wait: a list re-rendered meanwhile is looked up again
      return true;
    });
    return this;
  }

  /** Waits (at most {@link #WAIT}) until {@code condition} returns something other than null or false. */
  <T> T until(String what, Function<WebDriver, T> condition) {
    return until(what, condition, WAIT);
  }

  <T> T until(String what, Function<WebDriver, T> condition, Duration timeout) {
    // the pages re-render lists whole: an element found a moment ago may be gone, so look again
    return new WebDriverWait(driver, timeout).ignoring(StaleElementReferenceException.class).withMessage(() -> "waiting for " + what + "; the page showed: "
        + driver.findElement(By.tagName("body")).getText() + "\nand logged: " + logs()).until(condition);
  }

  /** Waits until the element is there and its text contains {@code text}; returns the element. */
  WebElement untilText(String css, String text) {
    return untilText(css, text, WAIT);
  }

  WebElement untilText(String css, String text, Duration timeout) {
    return until(css + " to show \"" + text + "\"", d -> d.findElements(By.cssSelector(css)).stream()
        .filter(e -> e.getText().contains(text)).findFirst().orElse(null), timeout);
  }

  /**
   * The text of every element matching {@code css} (or, with {@code attribute}, that attribute), read
   * in one step inside the page, so a re-render cannot leave a stale element in between.
   */
  @SuppressWarnings("unchecked")
  List<String> texts(String css, String attribute) {
    return (List<String>) ((JavascriptExecutor) driver).executeScript(
        "return [...document.querySelectorAll(arguments[0])].map(e => arguments[1] ? e.getAttribute(arguments[1]) : e.textContent)",
        css, attribute);
  }

  String text(String css) {
    return driver.findElement(By.cssSelector(css)).getText();
  }

  /** The page's connection badge state (connecting, live, reconnecting, offline, stopped). */
  String connection() {
    return driver.findElement(By.id("connection")).getAttribute("data-state");
  }

  Browser untilConnection(String state, Duration timeout) {
    until("connection state " + state, d -> state.equals(connection()), timeout);
    return this;
  }

  /** Everything the page logged so far (the browser hands each entry out once: kept here). */
  private synchronized List<LogEntry> logs() {
    log.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
    return List.copyOf(log);
  }

  /** What the page logged as errors (script errors, CSP refusals, failed loads). */
  List<String> severeLogs() {
    return logs().stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
  }

  /** A PNG of the window, to {@code file}. */
  void screenshot(Path file) {
    try {
      Files.createDirectories(file.getParent());
      File png = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
      Files.copy(png.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      logs().forEach(e -> System.out.println("browser: " + e)); // into the test's output file, for a failure's story
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      } catch (IOException ignored) {
        // a temp folder left behind
      }
    }
  }
}
