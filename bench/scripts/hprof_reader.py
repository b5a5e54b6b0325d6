"""Reads an HPROF heap dump (Java's `jcmd GC.heap_dump`) into maps of object id -> where its data lies:
the shared parser of `hprof-per-connection.py` and `hprof-compare.py`. Single-threaded; about a minute
for a 300 MB dump.
"""
import mmap, struct, sys

U8 = struct.Struct('>Q'); U4 = struct.Struct('>I'); U2 = struct.Struct('>H')
SIZES = {2: 8, 4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}
PRIM = {4: 'boolean[]', 5: 'char[]', 6: 'float[]', 7: 'double[]', 8: 'byte[]', 9: 'short[]', 10: 'int[]', 11: 'long[]'}


class Heap:
    """inst: id -> (class id, offset, length); objarr: id -> (element class id, offset, n); prim: id -> (type, offset, n)."""

    def __init__(self, path):
        f = open(path, 'rb'); m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        p = m.find(b'\0') + 1
        idsz = struct.unpack_from('>I', m, p)[0]; p += 12
        assert idsz == 8
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
        self.m, self.utf8, self.classname, self.classes = m, utf8, classname, classes
        self.inst, self.objarr, self.prim = inst, objarr, prim
        self._layout = {}
        self._shallow = {}

    def cname(self, cid):
        return self.utf8.get(self.classname.get(cid), '?%x' % cid).replace('/', '.')

    def fields(self, cid):
        """[(name, type)] in dump order: the class's own fields first, then its super's."""
        r = self._layout.get(cid)
        if r is None:
            r = []; c = cid
            while c and c in self.classes:
                sup, fl = self.classes[c]; r.extend((self.utf8.get(n, '?'), t) for n, t in fl); c = sup
            self._layout[cid] = r
        return r

    def refs(self, oid):
        """(fieldname, target) of an instance or object array."""
        m = self.m
        if oid in self.inst:
            cid, off, n = self.inst[oid]; q = off
            for name, t in self.fields(cid):
                if t == 2:
                    v = U8.unpack_from(m, q)[0]
                    if v: yield name, v
                q += SIZES[t]
        elif oid in self.objarr:
            ac, off, n = self.objarr[oid]
            for i in range(n):
                v = U8.unpack_from(m, off + 8 * i)[0]
                if v: yield '[]', v

    def kind(self, oid):
        if oid in self.inst: return self.cname(self.inst[oid][0])
        if oid in self.objarr: return self.cname(self.objarr[oid][0])
        if oid in self.prim: return PRIM[self.prim[oid][0]]
        return '?'

    def size(self, oid):
        """Approximate (16-byte headers, 4-byte references in arrays, 8 in instances)."""
        if oid in self.inst: return 16 + self.inst[oid][2]
        if oid in self.objarr: return 16 + 4 * self.objarr[oid][2]
        if oid in self.prim: t, off, n = self.prim[oid]; return 16 + n * SIZES[t]
        return 0

    def shallow(self, oid):
        """Shallow size as a 64-bit JVM with compressed references lays it out (12-byte headers, 8-byte alignment)."""
        if oid in self.inst:
            cid = self.inst[oid][0]
            r = self._shallow.get(cid)
            if r is None:
                r = 12 + sum(4 if t == 2 else SIZES[t] for _, t in self.fields(cid))
                r = (r + 7) // 8 * 8; self._shallow[cid] = r
            return r
        if oid in self.objarr: return (16 + 4 * self.objarr[oid][2] + 7) // 8 * 8
        if oid in self.prim: t, off, n = self.prim[oid]; return (16 + n * SIZES[t] + 7) // 8 * 8
        return 0
