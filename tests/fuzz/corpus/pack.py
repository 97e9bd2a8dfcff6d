#!/usr/bin/env python3
"""Makes fuzz seeds from a capture (the CAPTURE lines of tests/qemu/shim's case "capture").

    pack.py CAPTURE.log CORPUS_DIR NAME

writes CORPUS_DIR/start_info/NAME, CORPUS_DIR/acpi/NAME and CORPUS_DIR/smbios/NAME (each
when the capture has what it needs), then broken variants NAME-<what> of each. The VMM's
structures are kept byte for byte; only where they lie changes:
- start_info: start_info at offset 0, then the command line, module list, module command
  lines, module data (the first 4 KiB) and memory map; every address in them becomes an
  offset into the seed (fuzz_start_info.c reads it that way). Everything stays below 0x8000,
  where the fuzzer's fake firmware image begins.
- acpi: the RSDP at offset 0, then each table; every table address becomes
  FAKE_MEM_BASE + offset (fake_mem.h) and the checksums that cover them are made right.
- smbios: the BIOS area pages that hold the entry points, as they were.
"""
import os
import struct
import sys

FAKE_MEM_BASE = 0x10000000
FAKE_IMAGE_START = 0x8000


def read_capture(path):
    """[(what, address, bytes)] from "CAPTURE what addr len" and its "CAPTURE-DATA hex" lines."""
    chunks, cur = [], None
    for line in open(path, encoding="latin-1"):
        f = line[line.find("CAPTURE"):].split() if "CAPTURE" in line else []
        if len(f) == 2 and f[0] == "CAPTURE-DATA" and cur:
            cur[3] += bytes.fromhex(f[1])
        elif len(f) == 4 and f[0] == "CAPTURE":
            cur = [f[1], int(f[2], 16), int(f[3]), b""]
            chunks.append(cur)
    for what, addr, length, data in chunks:
        assert len(data) == length, "%s at 0x%x: %d of %d bytes" % (what, addr, len(data), length)
    return [(what, addr, data) for what, addr, length, data in chunks]


def by_addr(chunks, what):
    return {a: d for w, a, d in chunks if w == what}


class Image:
    def __init__(self):
        self.b = bytearray()

    def place(self, data, align=8):
        self.b += bytes(-len(self.b) % align)
        at = len(self.b)
        self.b += data
        return at


def u(b, off, n):
    return int.from_bytes(b[off:off + n], "little")


def put(b, off, n, v):
    b[off:off + n] = v.to_bytes(n, "little")


# ---- start_info ----------------------------------------------------------------------------
def pack_start_info(chunks):
    si = next((bytearray(d) for w, a, d in chunks if w == "start_info"), None)
    if si is None:
        return None
    img = Image()
    img.place(bytes(len(si)))  # start_info itself goes to offset 0 at the end
    cmd = by_addr(chunks, "cmdline").get(u(si, 24, 8))
    put(si, 24, 8, img.place(cmd, 1) if cmd else 0)
    modlist = next((bytearray(d) for w, a, d in chunks if w == "modlist"), None)
    if modlist:
        data, modcmd = by_addr(chunks, "module"), by_addr(chunks, "modcmd")
        for e in range(0, len(modlist), 32):
            body = data.get(u(modlist, e, 8))
            put(modlist, e, 8, img.place(body) if body else 0)
            put(modlist, e + 8, 8, len(body) if body else 0)
            c = modcmd.get(u(modlist, e + 16, 8))
            put(modlist, e + 16, 8, img.place(c, 1) if c else 0)
        put(si, 16, 8, img.place(modlist))
    memmap = next((d for w, a, d in chunks if w == "memmap"), None)
    if memmap:
        put(si, 40, 8, img.place(memmap))
    img.b[0:len(si)] = si
    assert len(img.b) <= FAKE_IMAGE_START, "start_info seed too large"
    return img.b


def edited(seed, *edits):
    """A copy of seed with (offset, size, value) written."""
    b = bytearray(seed)
    for off, n, val in edits:
        put(b, off, n, val)
    return b


def appended(b, data, odd=False):
    """Appends data 8-byte aligned (or at an odd offset); returns where."""
    b += bytes(-len(b) % 8 + (1 if odd else 0))
    at = len(b)
    b += data
    return at


def broken_start_info(seed):
    """Variants the parser must refuse, or read with care."""
    nmods, modlist = u(seed, 12, 4), u(seed, 16, 8)
    memmap, nmap = u(seed, 40, 8), u(seed, 48, 4)
    out = {
        "bad-magic": edited(seed, (0, 4, 0x336ec579)),
        "version0": edited(seed, (4, 4, 0)),
        "version2": edited(seed, (4, 4, 2)),
        "33-modules": edited(seed, (12, 4, 33)),
        "memmap-none": edited(seed, (48, 4, 0)),
    }
    b = bytearray(seed) + b"no NUL until the end"
    put(b, 24, 8, len(seed))
    out["cmdline-unterminated"] = b
    if nmap:
        out["memmap-wraps"] = edited(seed, (memmap + 8, 8, 2**64 - 1))
        out["memmap-outside"] = edited(seed, (40, 8, len(seed) - 8))
    if nmods:
        out["module-over-firmware"] = edited(seed, (modlist, 8, FAKE_IMAGE_START - 16))
        out["module-outside-ram"] = edited(seed, (modlist, 8, 0xfee00000))
        out["module-wraps"] = edited(seed, (modlist + 8, 8, 2**64 - 16))
    if nmods and nmap:  # four modules of 2^62 in RAM from 4 GiB up: 2^64 in all
        b = edited(seed, (memmap, 8, 1 << 32), (memmap + 8, 8, 2**64 - (1 << 33)), (memmap + 16, 4, 1))
        at = appended(b, b"".join(struct.pack("<QQQQ", 1 << 32, 1 << 62, 0, 0) for _ in range(4)))
        out["modules-sum-2^64"] = edited(b, (16, 8, at), (12, 4, 4))
    b = bytearray(seed)  # the module list and the map at odd addresses
    if nmods:
        put(b, 16, 8, appended(b, seed[modlist:modlist + 32 * nmods], odd=True))
    if nmap:
        put(b, 40, 8, appended(b, seed[memmap:memmap + 24 * nmap], odd=True))
    out["misaligned"] = b
    return out


# ---- ACPI ----------------------------------------------------------------------------------
def sum_fix(b, off, length, at):
    b[off + at] = 0
    b[off + at] = -sum(b[off:off + length]) & 0xff


def pack_acpi(chunks):
    rsdp = next((bytearray(d) for w, a, d in chunks if w == "rsdp"), None)
    if rsdp is None:
        return None
    tables = {}
    for w, a, d in chunks:
        if w == "table" and a not in tables:
            tables[a] = bytearray(d)
    img = Image()
    img.place(bytes(len(rsdp)))
    where = {a: FAKE_MEM_BASE + img.place(t, 4) for a, t in tables.items()}

    def moved(addr):
        return where.get(addr, addr)
    for a, t in tables.items():
        sig, off = bytes(t[0:4]), where[a] - FAKE_MEM_BASE
        if sig in (b"RSDT", b"XSDT"):
            w = 4 if sig == b"RSDT" else 8
            for e in range(36, len(t) - w + 1, w):
                put(img.b, off + e, w, moved(u(t, e, w)))
        elif sig == b"FACP":
            put(img.b, off + 40, 4, moved(u(t, 40, 4)))
            if len(t) >= 148:
                put(img.b, off + 140, 8, moved(u(t, 140, 8)))
    # the FADT after what it points to, the roots after their tables
    for order in (b"FACP", b"RSDT", b"XSDT"):
        for a, t in tables.items():
            if bytes(t[0:4]) == order:
                sum_fix(img.b, where[a] - FAKE_MEM_BASE, len(t), 9)
    put(rsdp, 16, 4, moved(u(rsdp, 16, 4)))
    if rsdp[15] >= 2:
        put(rsdp, 24, 8, moved(u(rsdp, 24, 8)))
    sum_fix(rsdp, 0, 20, 8)
    if rsdp[15] >= 2:
        sum_fix(rsdp, 0, u(rsdp, 20, 4), 32)
    img.b[0:len(rsdp)] = rsdp
    return img.b


def seal_rsdp(b):
    sum_fix(b, 0, 20, 8)
    if b[15] >= 2:
        sum_fix(b, 0, u(b, 20, 4), 32)


def table_offsets(seed):
    """{signature: offset} of the roots and the tables they list, found from the RSDP: the
    XSDT's first, as the parser reads them (Xen's RSDT lists an ACPI 1.0 FADT of its own)."""
    def table(addr):
        off = addr - FAKE_MEM_BASE
        return off if 0 <= off <= len(seed) - 36 else None
    found = {}
    roots = ([(u(seed, 24, 8), 8)] if seed[15] >= 2 else []) + [(u(seed, 16, 4), 4)]
    for addr, width in roots:
        root = table(addr)
        if root is None:
            continue
        found[bytes(seed[root:root + 4])] = root
        for e in range(root + 36, root + u(seed, root + 4, 4) - width + 1, width):
            t = table(u(seed, e, width))
            if t is not None:
                found.setdefault(bytes(seed[t:t + 4]), t)
    return found


def broken_acpi(seed):
    """Variants: bad checksums, a table longer than the input, addresses outside it."""
    b = bytearray(seed)
    b[8] ^= 1
    out = {"rsdp-checksum": b, "truncated": bytes(seed[:len(seed) * 2 // 3])}
    b = edited(seed, (16, 4, 0xfffff000), (24, 8, 0xfffff000 if seed[15] >= 2 else u(seed, 24, 8)))
    seal_rsdp(b)
    out["roots-outside"] = b
    tables = table_offsets(seed)
    facp, xsdt = tables.get(b"FACP"), tables.get(b"XSDT")
    if facp is not None:
        flen = u(seed, facp + 4, 4)
        out["fadt-length-past-end"] = edited(seed, (facp + 4, 4, len(seed) - facp + 64))
        b = bytearray(seed)
        b[facp + 9] ^= 0x80
        out["fadt-checksum"] = b
        b = edited(seed, (facp + 40, 4, 0xfffff000))
        if flen >= 148:
            put(b, facp + 140, 8, 5 << 30)
        sum_fix(b, facp, flen, 9)
        out["dsdt-outside"] = b
    if xsdt is not None:
        b = edited(seed, (xsdt + 36, 8, 6 << 30))
        sum_fix(b, xsdt, u(seed, xsdt + 4, 4), 9)
        out["xsdt-entry-above-4g"] = b
    return out


# ---- SMBIOS --------------------------------------------------------------------------------
def pack_smbios(chunks):
    pages = [d for w, a, d in chunks if w == "bios"]
    return b"".join(pages) if pages else None


def broken_smbios(seed):
    out = {}
    for anchor, name in ((b"_SM_", "ep32"), (b"_SM3_", "ep64")):
        i = seed.find(anchor)
        if i < 0:
            continue
        b = bytearray(seed)
        b[i + 4 + (anchor == b"_SM3_")] ^= 1  # its checksum no longer holds
        out[name + "-checksum"] = b
        b = bytearray(seed)
        b[i + 5 + (anchor == b"_SM3_")] = 0xff  # a length beyond any entry point
        out[name + "-length"] = b
        out[name + "-cut"] = bytes(seed[:i + 8])  # the input ends inside it
    return out


def write(corpus, target, name, data):
    os.makedirs(os.path.join(corpus, target), exist_ok=True)
    with open(os.path.join(corpus, target, name), "wb") as f:
        f.write(data)


def main():
    log, corpus, name = sys.argv[1:4]
    chunks = read_capture(log)
    for target, pack, broken in (("start_info", pack_start_info, broken_start_info),
                                 ("acpi", pack_acpi, broken_acpi),
                                 ("smbios", pack_smbios, broken_smbios)):
        seed = pack(chunks)
        if seed is None:
            continue
        write(corpus, target, name, seed)
        for what, data in broken(bytes(seed)).items():
            write(corpus, target, name + "-" + what, data)


if __name__ == "__main__":
    main()
