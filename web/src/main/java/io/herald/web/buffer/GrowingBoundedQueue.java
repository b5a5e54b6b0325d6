package io.herald.web.buffer;

import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.util.concurrent.Queues;

/**
 * A single-producer single-consumer queue that refuses {@link #offer} beyond its capacity and takes
 * memory only for what it holds (linked chunks of 8), so an idle connection's buffer of 256 costs
 * one chunk, not a 256-slot array.
 */
public final class GrowingBoundedQueue<E> extends AbstractQueue<E> {

  private final Queue<E> chunks = Queues.<E>unbounded(8).get();
  private final AtomicInteger size = new AtomicInteger();
  private final int capacity;

  public GrowingBoundedQueue(int capacity) {
    this.capacity = capacity;
  }

  @Override
  public boolean offer(E e) {
    if (size.get() >= capacity) {
      return false;
    }
    chunks.offer(e);
    size.incrementAndGet();
    return true;
  }

  @Override
  public E poll() {
    E e = chunks.poll();
    if (e != null) {
      size.decrementAndGet();
    }
    return e;
  }

  @Override
  public E peek() {
    return chunks.peek();
  }

  @Override
  public int size() {
    return size.get();
  }

  @Override
  public void clear() {
    while (poll() != null) {
      // drop
    }
  }

  @Override
  public Iterator<E> iterator() {
    throw new UnsupportedOperationException();
  }
}
