#!/usr/bin/env python3
"""Small HPROF reader: what a live connection holds.

usage: python3 bench/scripts/hprof-per-connection.py streams-K.hprof MIN_COUNT (e.g. K - 100)
With K connections open (`Bench connections --heap-dump`), what occurs at least MIN_COUNT times is
almost always per connection. Single-threaded; ~2 minutes for a 350 MB dump.
Prints (1) string contents that occur >= MIN_COUNT times (per-connection copies), (2) classes, and
arrays by length, with >= MIN_COUNT instances, by total bytes, each with its most common referrer
chains. Sizes are approximate (16-byte headers, 4-byte compressed references in arrays).
"""
import os, sys, collections
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hprof_reader import Heap, U8, SIZES

path, minc = sys.argv[1], int(sys.argv[2])
heap = Heap(path)
m, classes, inst, objarr, prim = heap.m, heap.classes, heap.inst, heap.objarr, heap.prim
cname, fields, refs, kind, size = heap.cname, heap.fields, heap.refs, heap.kind, heap.size

# referrers: one pass over every reference
referrer = {}  # target -> first referrer id (enough to classify)
nref = collections.Counter()
for oid in list(inst.keys()) + list(objarr.keys()):
    for name, t in refs(oid):
        if t not in referrer: referrer[t] = (oid, name)
        nref[t] += 1
print('references scanned', file=sys.stderr)

def chain(oid, depth=4):
    out = []
    for _ in range(depth):
        r = referrer.get(oid)
        if not r: break
        oid, name = r
        out.append('%s.%s' % (kind(oid).split('.')[-1], name))
    return ' <- '.join(out)

# (1) strings by content
string_cid = [c for c in classes if cname(c) == 'java.lang.String'][0]
strs = collections.Counter(); strbytes = collections.Counter(); strchain = {}
for oid, (cid, off, n) in inst.items():
    if cid != string_cid: continue
    val = None; q = off
    for name, t in fields(cid):
        if name == 'value' and t == 2: val = U8.unpack_from(m, q)[0]
        q += SIZES[t]
    if val in prim:
        t, o2, n2 = prim[val]; s = m[o2:o2 + n2].decode('latin-1')[:90]
        strs[s] += 1; strbytes[s] += 24 + 16 + n2
        strchain.setdefault(s, chain(oid))
print('\n== strings with >= %d copies (bytes incl. value array)' % minc)
for s, c in sorted(strs.items(), key=lambda kv: -strbytes[kv[0]]):
    if c >= minc: print('%6d x %5d B  %r   <- %s' % (c, strbytes[s] // c, s, strchain[s]))

# (2) classes (and arrays by length) with >= minc copies, by referrer chain
groups = collections.Counter(); gbytes = collections.Counter()
for oid in inst.keys():
    k = kind(oid); groups[k] += 1; gbytes[k] += size(oid)
for oid in list(objarr.keys()) + list(prim.keys()):
    k = '%s len %d' % (kind(oid), objarr[oid][2] if oid in objarr else prim[oid][2])
    groups[k] += 1; gbytes[k] += size(oid)
print('\n== groups with >= %d copies, by total bytes' % minc)
interesting = {k for k, c in groups.items() if c >= minc and not k.startswith('java.lang.String')}
chains = collections.defaultdict(collections.Counter)
for oid in list(inst.keys()) + list(objarr.keys()) + list(prim.keys()):
    k = kind(oid)
    if oid in objarr: k = '%s len %d' % (k, objarr[oid][2])
    elif oid in prim: k = '%s len %d' % (k, prim[oid][2])
    if k in interesting: chains[k][chain(oid, 3)] += 1
for k in sorted(interesting, key=lambda k: -gbytes[k])[:120]:
    top = chains[k].most_common(3)
    print('%7d x %6d B = %9d  %s' % (groups[k], gbytes[k] // groups[k], gbytes[k], k))
    for ch, c in top: print('           %6d  <- %s' % (c, ch))
