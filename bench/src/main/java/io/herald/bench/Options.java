package io.herald.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code <command> [--name value]...}; every option has a default. */
final class Options {

  private final String command;
  private final Map<String, String> values;

  private Options(String command, Map<String, String> values) {
    this.command = command;
    this.values = values;
  }

  static Options parse(String... args) {
    if (args.length == 0 || args[0].startsWith("--")) {
      throw new IllegalArgumentException("missing command");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || a.length() < 3) {
        throw new IllegalArgumentException("expected --name value, got " + a);
      }
      int eq = a.indexOf('=');
      if (eq > 0) {
        values.put(a.substring(2, eq), a.substring(eq + 1));
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        values.put(a.substring(2), args[++i]);
      } else {
        values.put(a.substring(2), "true");
      }
    }
    return new Options(args[0], values);
  }

  String command() {
    return command;
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  String string(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  int integer(String name, int fallback) {
    return values.containsKey(name) ? Integer.parseInt(values.get(name).replace("_", "")) : fallback;
  }

  long longValue(String name, long fallback) {
    return values.containsKey(name) ? Long.parseLong(values.get(name).replace("_", "")) : fallback;
  }

  double decimal(String name, double fallback) {
    return values.containsKey(name) ? Double.parseDouble(values.get(name)) : fallback;
  }

  /** Whole seconds. */
  Duration seconds(String name, long fallback) {
    return Duration.ofSeconds(longValue(name, fallback));
  }

  /** A comma-separated list of whole numbers, e.g. {@code 2000,5000}. */
  List<Integer> integers(String name, String fallback) {
    return Arrays.stream(values.getOrDefault(name, fallback).split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .map(s -> Integer.parseInt(s.replace("_", ""))).toList();
  }

  Map<String, String> all() {
    return values;
  }
}
