package io.herald.schemas.topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the catalog's topics (and their dead-letter topics) that do not exist yet. Every
 * service runs it at start-up; it is idempotent, so several services racing is harmless.
 */
public final class TopicProvisioner {

  private TopicProvisioner() {}

  public static List<NewTopic> plan(int partitions, short replication) {
    List<NewTopic> out = new ArrayList<>();
    for (TopicSpec<String, ?> t : Topics.ALL) {
      out.add(t.newTopic(partitions, replication));
      out.add(t.newDlqTopic(partitions, replication));
    }
    return out;
  }

  /** Creates what is missing; returns the names it created. */
  public static List<String> ensure(Map<String, Object> adminConfig, int partitions, short replication) {
    try (Admin admin = Admin.create(adminConfig)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = plan(partitions, replication).stream()
          .filter(t -> !existing.contains(t.name())).toList();
      if (missing.isEmpty()) {
        return List.of();
      }
      List<String> created = new ArrayList<>();
      admin.createTopics(missing).values().forEach((name, f) -> {
        try {
          f.get(30, TimeUnit.SECONDS);
          created.add(name);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + name, e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted creating " + name, e);
        } catch (TimeoutException e) {
          throw new IllegalStateException("timed out creating " + name, e);
        }
      });
      return created;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot list topics", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted listing topics", e);
    }
  }
}
