package io.herald.bench;

/** What every bench phase works with: its options, the platform and its clients, and where results go. */
abstract class BenchPhase {

  protected final Options o;
  protected final HeraldClient client;
  protected final Accounts accounts;
  protected final Probe probe;
  protected final Report report;
  protected final Platform platform;

  BenchPhase(Options o, HeraldClient client, Accounts accounts, Probe probe, Report report, Platform platform) {
    this.o = o;
    this.client = client;
    this.accounts = accounts;
    this.probe = probe;
    this.report = report;
    this.platform = platform;
  }
}
