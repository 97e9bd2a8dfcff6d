#!/usr/bin/env python3
"""Makes the seeds that need no VM (see corpus/README): payload sections written by the real
tools/mkpayload and broken copies of them; broken copies of pe_mkseeds' application image;
UTF-8 and UTF-16 strings, good and bad; memory-map call sequences; Xen console scripts; variable service calls; and
from the captured q35 start_info, one for the generic firmware (its first module an EFI image).

    make-seeds.py CORPUS_DIR BUILD       (BUILD has mkpayload and fuzz/pe_mkseeds built)
"""
import os
import random
import struct
import subprocess
import sys
import tempfile


def write(corpus, target, name, data):
    os.makedirs(os.path.join(corpus, target), exist_ok=True)
    with open(os.path.join(corpus, target, name), "wb") as f:
        f.write(data)


def edited(data, off, fmt, value):
    b = bytearray(data)
    struct.pack_into(fmt, b, off, value)
    return bytes(b)


# ---- payload: boot/payload_format.h -------------------------------------------------------
def payload_seeds(corpus, build):
    with tempfile.TemporaryDirectory() as t:
        kernel, initrd, out = os.path.join(t, "k"), os.path.join(t, "i"), os.path.join(t, "p")
        open(kernel, "wb").write(b"MZ" + bytes(range(256)) * 2)
        open(initrd, "wb").write(b"070701" + b"0" * 101)  # not a multiple of 4
        runs = {
            "kernel-initrd-cmdline": ["--kernel", kernel, "--initrd", initrd, "--cmdline", "console=ttyS0 quiet"],
            "kernel-only": ["--kernel", kernel],
            "none": [],
        }
        seeds = {}
        for name, args in runs.items():
            subprocess.run([os.path.join(build, "mkpayload"), out] + args, check=True)
            seeds[name] = open(out, "rb").read()
    full = seeds["kernel-initrd-cmdline"]
    seeds["bad-version"] = edited(full, 8, "<I", 2)
    seeds["table-truncated"] = full[:16 + 24 * 2]
    seeds["duplicate-kind"] = edited(full, 16 + 24, "<I", 1)
    seeds["unknown-kind"] = edited(full, 16, "<I", 9)
    seeds["entry-outside"] = edited(full, 16 + 24 + 16, "<Q", 2**64 - 8)
    seeds["entry-in-table"] = edited(full, 16 + 8, "<Q", 8)
    seeds["too-many-entries"] = edited(full, 12, "<I", 9)
    for name, data in seeds.items():
        write(corpus, "payload", name, data)


# ---- pe: broken copies of pe_mkseeds' application ------------------------------------------
def pe_seeds(corpus, build):
    with tempfile.TemporaryDirectory() as t:
        subprocess.run([os.path.join(build, "fuzz", "pe_mkseeds"), t], check=True)
        app = open(os.path.join(t, "app.efi"), "rb").read()
    generic_start_info(corpus, app)
    pe = struct.unpack_from("<I", app, 0x3c)[0]
    opt = pe + 24
    sec0 = opt + struct.unpack_from("<H", app, pe + 20)[0]
    seeds = {
        "headers-only": app[:0x200],
        "no-pe-signature": edited(app, pe, "<I", 0x4550),
        "sections-96": edited(app, pe + 6, "<H", 96),
        "section-raw-past-file": edited(app, sec0 + 20, "<I", 0xfffff000),
        "section-beyond-image": edited(app, sec0 + 12, "<I", 0x7ffff000),
        "image-size-small": edited(app, opt + 56, "<I", 0x1000),
        "headers-size-huge": edited(app, opt + 60, "<I", 0xffffffff),
        "section-align-0": edited(app, opt + 32, "<I", 0),
        "reloc-dir-huge": edited(app, opt + 112 + 5 * 8 + 4, "<I", 0x7fffffff),
        "entry-outside": edited(app, opt + 16, "<I", 0xfffffff0),
        "pe32-magic": edited(app, opt, "<H", 0x10b),
    }
    for name, data in seeds.items():
        write(corpus, "pe", name, data)


# ---- start_info for the generic firmware: the kernel is the first module -------------------
def generic_start_info(corpus, app):
    """The q35 capture with an EFI image as module 0 before its cpio; start_info's reserved
    field says no kernel is embedded (fuzz_start_info.c)."""
    seed = bytearray(open(os.path.join(corpus, "start_info", "qemu-q35-512"), "rb").read())
    modlist = struct.unpack_from("<Q", seed, 16)[0]
    seed += bytes(-len(seed) % 8)
    pe_at = len(seed)
    seed += app + bytes(-len(app) % 8)
    new_list = len(seed)
    seed += struct.pack("<QQQQ", pe_at, len(app), 0, 0) + seed[modlist:modlist + 32]
    struct.pack_into("<IQ", seed, 12, 2, new_list)
    struct.pack_into("<I", seed, 52, 0x100)
    write(corpus, "start_info", "qemu-q35-512-generic-kernel-module", seed)


# ---- utf: the first byte chooses the output size (fuzz_utf.c) ------------------------------
def utf_seeds(corpus):
    good = "console=ttyS0 root=/dev/vda1 héllo wörld ☃ 😀 𝄞".encode()
    bad = b"bad=\xff \xc3( \xed\xa0\x80 \xf0\x9f\x98\x80 \xc0\xaf \xf4\x90\x80\x80 \xe0\x80\xaf \xe2\x82"
    utf16 = "A é ☃".encode("utf-16-le") + b"\x3d\xd8\x00\xde" + b"\x00\xd8 \x00" + b"\x00\xdc" + b"\x3d\xd8"
    seeds = {
        "utf8-roomy": b"\x80" + good,
        "utf8-tight": b"\x05" + good,
        "utf8-invalid": b"\x90" + bad,
        "utf8-invalid-tight": b"\x07" + bad,
        "utf16-surrogates": b"\x81" + utf16,
        "nul-inside": b"\x80abc\x00def",
    }
    for name, data in seeds.items():
        write(corpus, "utf", name, data)


# ---- memmap: call sequences (fuzz_memmap.c reads one operation at a time) ------------------
def memmap_seeds(corpus):
    rng = random.Random(9)
    for n in (64, 512, 2048):
        write(corpus, "memmap", "random-%d" % n, bytes(rng.getrandbits(8) for _ in range(n)))
    # set/claim of one page at every other page of the low span: the map fills up
    fill = b"".join(bytes([3]) + struct.pack("<H", 2 * i) + bytes([0, 0, 5, 0, 0]) for i in range(256))
    write(corpus, "memmap", "fragment", fill)


# ---- xen_console: scripts of firmware calls and backend steps (fuzz_xen_console.c) ----------
def xen_console_seeds(corpus):
    write_, read_, flush = 0, 1, 2          # the firmware's calls, each with its count
    nothing, consume, deliver, set_out_prod = 0, 1, 3, 5   # the backend's steps
    honest = bytes([0]) + bytes([write_, 200, consume, deliver, 40, read_, 50, consume]) * 12
    write(corpus, "xen_console", "honest", honest + bytes([flush, consume]))
    gone = bytes([1]) + bytes([write_, 255, nothing]) * 12   # the backend stops reading
    write(corpus, "xen_console", "backend-gone", gone + bytes([flush]))
    slow = bytes([0x0e]) + bytes([write_, 255, nothing, nothing]) * 10  # each read of the clock 2 s
    write(corpus, "xen_console", "slow-clock", slow)
    wild = honest[:20] + bytes([set_out_prod, 0xff, 0xff, 0xf0, 0x00]) + honest[1:40]
    write(corpus, "xen_console", "hostile-out-prod", wild)


# ---- variables: call sequences (fuzz_variables.c) -------------------------------------------
def variables_seeds(corpus):
    set_, get, walk, query, exit_bs = 0, 2, 3, 4, 5
    bs_rt, append = 0x07, 1            # BOOTSERVICE|RUNTIME|NON_VOLATILE; the append bit
    small, near_max, near_2_64 = 0, 3, 2   # next_size's kinds
    def set_var(name, attrs, app, kind, v, fill=0x41):
        return bytes([set_, name, 1, attrs, app, kind, v, 1, fill])
    calls = (set_var(2, bs_rt, 0, small, 40) + set_var(3, 0x01, 0, small, 8) +
             set_var(2, bs_rt, append, small, 16) + bytes([get, 2, 1, 1, 200]) +
             bytes([walk, 3]) + bytes([query, 7, 0]))
    write(corpus, "variables", "set-get-walk", calls)
    write(corpus, "variables", "runtime", calls + bytes([exit_bs]) + calls)
    write(corpus, "variables", "sizes", set_var(4, bs_rt, 0, near_max, 0) + set_var(4, bs_rt, 0, near_2_64, 3) +
          set_var(0, bs_rt, 0, small, 5) + bytes([walk, 0]))


def main():
    corpus, build = sys.argv[1:3]
    payload_seeds(corpus, build)
    pe_seeds(corpus, build)
    utf_seeds(corpus)
    memmap_seeds(corpus)
    xen_console_seeds(corpus)
    variables_seeds(corpus)


if __name__ == "__main__":
    main()
