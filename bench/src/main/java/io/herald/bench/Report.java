package io.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Results as markdown: printed as they come and kept in one file. */
final class Report {

  private final Path file;
  private final StringBuilder text = new StringBuilder();

  Report(Path file) {
    this.file = file;
  }

  synchronized void line(String s) {
    System.out.println(s);
    System.out.flush();
    text.append(s).append('\n');
  }

  void line(String format, Object... args) {
    line(String.format(Locale.ROOT, format, args));
  }

  /** Progress that is shown but not kept. */
  static void progress(String format, Object... args) {
    System.out.println("  .. " + String.format(Locale.ROOT, format, args));
    System.out.flush();
  }

  synchronized void save() throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  Path file() {
    return file;
  }

  static String mib(double bytes) {
    return Double.isNaN(bytes) ? "n/a" : String.format(Locale.ROOT, "%.1f MiB", bytes / (1024 * 1024));
  }
}
