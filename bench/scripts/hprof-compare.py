#!/usr/bin/env python3
"""What a change did to a live connection, counted in two heap dumps rather than in class histograms.

usage: python3 bench/scripts/hprof-compare.py BEFORE.hprof AFTER.hprof K [TOP]
Both dumps hold K connections (`Bench connections --streams K --heap-dump`, one per build). Prints,
per connection, the difference of every class's instances and shallow bytes (64-bit JVM, compressed
references), the sum over all classes, and over Reactor, Spring, Netty and Herald classes alone
(what a connection holds; the rest of the heap drifts between runs: Kafka's meters, fetch sessions).
Lambda classes are summed apart: their generated names change between builds.
"""
import os, re, sys, collections
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hprof_reader import Heap

CONNECTION = re.compile(r'^(\[)?(reactor\.|org\.springframework\.|io\.netty\.|io\.herald\.)')


def totals(path):
    heap = Heap(path)
    count = collections.Counter(); size = collections.Counter()
    for table in (heap.inst, heap.objarr, heap.prim):
        for oid in table:
            k = heap.kind(oid)
            if oid in heap.objarr: k = '[' + k
            count[k] += 1; size[k] += heap.shallow(oid)
    return count, size


def main():
    before, after, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
    top = int(sys.argv[4]) if len(sys.argv) > 4 else 30
    (c0, s0), (c1, s1) = totals(before), totals(after)
    rows = [((s1[n] - s0[n]) / k, (c1[n] - c0[n]) / k, n) for n in set(s0) | set(s1)]
    lam = sum(r[0] for r in rows if '$$Lambda' in r[2])
    conn = sum(r[0] for r in rows if CONNECTION.search(r[2]) and '$$Lambda' not in r[2])
    print('per connection: all classes %+.0f B; Reactor, Spring, Netty, Herald %+.0f B; their lambdas %+.0f B'
          % (sum(r[0] for r in rows), conn, lam))
    rows.sort()
    shown = rows if len(rows) <= 2 * top else rows[:top] + [(0, 0, '...')] + rows[-top:]
    for b, c, n in shown:
        print('%+8.1f B %+6.2f  %s' % (b, c, n))


if __name__ == '__main__':
    main()
