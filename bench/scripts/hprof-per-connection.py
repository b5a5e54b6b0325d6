#!/usr/bin/env python3
"""Small HPROF reader: what a live connection holds.

usage: python3 bench/scripts/hprof-per-connection.py streams-K.hprof MIN_COUNT (e.g. K - 100)
With K connections open (`Bench connections --heap-dump`), what occurs at least MIN_COUNT times is
almost always per connection. Single-threaded; ~2 minutes for a 350 MB dump.
Prints (1) string contents that occur >= MIN_COUNT times (per-connection copies), (2) classes, and
arrays by length, with >= MIN_COUNT instances, by total bytes, each with its most common referrer
chains. Sizes are approximate (16-byte headers, 4-byte compressed references in arrays).
"""
import mmap, struct, sys, collections

path, minc = sys.argv[1], int(sys.argv[2])
f = open(path, 'rb'); m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
p = m.find(b'\0') + 1
idsz = struct.unpack_from('>I', m, p)[0]; p += 12
assert idsz == 8
U8 = struct.Struct('>Q'); U4 = struct.Struct('>I'); U2 = struct.Struct('>H')
SIZES = {2: 8, 4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}
PRIM = {4: 'boolean[]', 5: 'char[]', 6: 'float[]', 7: 'double[]', 8: 'byte[]', 9: 'short[]', 10: 'int[]', 11: 'long[]'}
utf8 = {}; classname = {}; classes = {}  # id -> (super, [(nameid,type)])
inst = {}  # id -> (classid, off, n)
objarr = {}  # id -> (arrclass, off, n)
prim = {}  # id -> (type, off, n)
end = len(m)
while p < end:
    tag = m[p]; ln = U4.unpack_from(m, p + 5)[0]; body = p + 9; p = body + ln
    if tag == 0x01:
        utf8[U8.unpack_from(m, body)[0]] = m[body + 8:body + ln].decode('utf-8', 'replace')
    elif tag == 0x02:
        classname[U8.unpack_from(m, body + 4)[0]] = U8.unpack_from(m, body + 16)[0]
    elif tag in (0x0C, 0x1C):
        q = body; e = body + ln
        while q < e:
            st = m[q]; q += 1
            if st == 0xFF or st == 0x05 or st == 0x07: q += 8
            elif st == 0x01: q += 16
            elif st in (0x02, 0x03, 0x08): q += 16
            elif st in (0x04, 0x06): q += 12
            elif st == 0x20:
                cid = U8.unpack_from(m, q)[0]; sup = U8.unpack_from(m, q + 12)[0]
                q += 8 + 4 + 8 * 6 + 4
                n = U2.unpack_from(m, q)[0]; q += 2
                for _ in range(n):
                    t = m[q + 2]; q += 3 + SIZES[t]
                n = U2.unpack_from(m, q)[0]; q += 2
                for _ in range(n):
                    t = m[q + 8]; q += 9 + SIZES[t]
                n = U2.unpack_from(m, q)[0]; q += 2
                fl = []
                for _ in range(n):
                    fl.append((U8.unpack_from(m, q)[0], m[q + 8])); q += 9
                classes[cid] = (sup, fl)
            elif st == 0x21:
                oid = U8.unpack_from(m, q)[0]; cid = U8.unpack_from(m, q + 12)[0]; n = U4.unpack_from(m, q + 20)[0]
                inst[oid] = (cid, q + 24, n); q += 24 + n
            elif st == 0x22:
                oid = U8.unpack_from(m, q)[0]; n = U4.unpack_from(m, q + 12)[0]; ac = U8.unpack_from(m, q + 16)[0]
                objarr[oid] = (ac, q + 24, n); q += 24 + 8 * n
            elif st == 0x23:
                oid = U8.unpack_from(m, q)[0]; n = U4.unpack_from(m, q + 12)[0]; t = m[q + 16]
                prim[oid] = (t, q + 17, n); q += 17 + n * SIZES[t]
            else:
                raise SystemExit('unknown subtag %x at %d' % (st, q))
print('objects', len(inst), len(objarr), len(prim), file=sys.stderr)

def cname(cid):
    return utf8.get(classname.get(cid), '?%x' % cid).replace('/', '.')

layout = {}
def fields(cid):
    """[(name, type)] in dump order: the class's own fields first, then its super's."""
    r = layout.get(cid)
    if r is None:
        r = []; c = cid
        while c and c in classes:
            sup, fl = classes[c]; r.extend((utf8.get(n, '?'), t) for n, t in fl); c = sup
        layout[cid] = r
    return r

def refs(oid):
    """(fieldname, target) of an instance or object array."""
    if oid in inst:
        cid, off, n = inst[oid]; q = off
        for name, t in fields(cid):
            if t == 2:
                v = U8.unpack_from(m, q)[0]
                if v: yield name, v
            q += SIZES[t]
    elif oid in objarr:
        ac, off, n = objarr[oid]
        for i in range(n):
            v = U8.unpack_from(m, off + 8 * i)[0]
            if v: yield '[]', v

def kind(oid):
    if oid in inst: return cname(inst[oid][0])
    if oid in objarr: return cname(objarr[oid][0])
    if oid in prim: return PRIM[prim[oid][0]]
    return '?'

def size(oid):
    if oid in inst: return 16 + inst[oid][2]
    if oid in objarr: return 16 + 4 * objarr[oid][2]  # compressed oops
    if oid in prim: t, off, n = prim[oid]; return 16 + n * SIZES[t]
    return 0

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
