package io.herald.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The accounts of one bench run: a merchant owning every shop the run uses (dashboards must be
 * owners) and a few customers who post the checkouts. Names carry the run id, so runs against an
 * already running platform do not collide. Sign-ups stay under the default per-address burst (20).
 */
final class Accounts {

  static final int CUSTOMERS = 4;
  private static final String PASSWORD = "bench-password-1";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  final String run;
  final String merchantToken;
  final List<String> customerTokens;
  final String fanShop;
  final List<String> latencyShops;
  final List<String> loadShops;

  private Accounts(String run, String merchantToken, List<String> customerTokens, String fanShop,
                   List<String> latencyShops, List<String> loadShops) {
    this.run = run;
    this.merchantToken = merchantToken;
    this.customerTokens = customerTokens;
    this.fanShop = fanShop;
    this.latencyShops = latencyShops;
    this.loadShops = loadShops;
  }

  static Accounts create(HeraldClient client, String run, int latencyShops, int loadShops) {
    String fan = "b" + run + "-fan";
    List<String> lat = IntStream.range(0, latencyShops).mapToObj(i -> "b" + run + "-lat" + i).toList();
    List<String> load = IntStream.range(0, loadShops).mapToObj(i -> "b" + run + "-load" + i).toList();
    List<String> owned = new ArrayList<>();
    owned.add(fan);
    owned.addAll(lat);
    owned.addAll(load);
    if (owned.size() > 50) {
      throw new IllegalArgumentException("a merchant owns at most 50 shops (herald.ingest.limits.max-shops-per-merchant)");
    }
    String merchant = client.signUpAndSignIn("merchant-" + run + "@bench.test", PASSWORD, "merchant", owned, TIMEOUT);
    List<String> customers = new ArrayList<>();
    for (int i = 0; i < CUSTOMERS; i++) {
      customers.add(client.signUpAndSignIn("customer-" + run + "-" + i + "@bench.test", PASSWORD, "customer", List.of(), TIMEOUT));
    }
    return new Accounts(run, merchant, List.copyOf(customers), fan, lat, load);
  }

  String customer(long i) {
    return customerTokens.get((int) (i % customerTokens.size()));
  }
}
