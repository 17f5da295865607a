#!/usr/bin/env bash
# Writes the kernel fuzz target's seeds: a small ELF64 with Xen and Linux notes and a Linux banner,
# the same compressed with each tool Linux uses, and a bzImage-shaped file whose payload is the
# lz4 one. Run from the repository root; needs python3, gzip, xz-utils, bzip2, lzop, lz4, zstd.
set -euo pipefail
out=kernel/src/test/resources/org/bootlace/kernel/fuzz/KernelFuzzTestInputs/inspect
mkdir -p "$out"
python3 - "$out" <<'PY'
import struct, sys
out = sys.argv[1]
def note(owner, typ, desc):
    name = owner.encode() + b"\0"
    pad = lambda b: b + b"\0" * (-len(b) % 4)
    return struct.pack("<III", len(name), len(desc), typ) + pad(name) + pad(desc)
notes = (note("Xen", 6, b"linux\0") + note("Xen", 1, struct.pack("<Q", 0xffffffff81000000))
         + note("Xen", 10, b"!writable_page_tables\0") + note("Xen", 18, struct.pack("<I", 0x1000850))
         + note("Linux", 0x100, b"6.1.0-fuzz\0"))
banner = b"Linux version 6.1.0-fuzz (fuzz@seed) #1 SMP\0"
body_at = 120
note_at = body_at + len(banner)
hdr = bytearray(120)
hdr[0:7] = b"\x7fELF\x02\x01\x01"
struct.pack_into("<HQQ", hdr, 18, 62, 0, 0)
struct.pack_into("<Q", hdr, 24, 0x1000000)
struct.pack_into("<Q", hdr, 32, 64)
struct.pack_into("<HH", hdr, 54, 56, 1)
struct.pack_into("<IIQ", hdr, 64, 4, 0, note_at)
struct.pack_into("<Q", hdr, 96, len(notes))
open(out + "/vmlinux", "wb").write(bytes(hdr) + banner + notes)
PY
for t in "gzip -9n" "xz --check=crc32" "lzma" "bzip2" "lzop" "lz4 -l" "zstd"; do
  set -- $t
  "$@" -c < "$out/vmlinux" > "$out/vmlinux.$1"
done
python3 - "$out" <<'PY'
import struct, sys
out = sys.argv[1]
payload = open(out + "/vmlinux.lz4", "rb").read() + struct.pack("<I", 100)
setup = bytearray(1024)
setup[0x1f1] = 1
struct.pack_into("<H", setup, 0x1fe, 0xaa55)
struct.pack_into("<IH", setup, 0x202, 0x53726448, 0x020f)
setup[0x211] = 1
struct.pack_into("<H", setup, 0x236, 0x7f)
struct.pack_into("<II", setup, 0x248, 0, len(payload))
struct.pack_into("<H", setup, 0x20e, 0x100)
setup[0x300:0x300 + 17] = b"6.1.0-fuzz (f@s)\0"
open(out + "/bzImage", "wb").write(bytes(setup) + payload)
PY
