#!/usr/bin/env bash
# Rebuilds the XFS fuzz target's seeds with mkfs.xfs -p. An XFS image is at least 16 MiB, almost
# all zeros, so a seed is packed: for each 512-byte sector holding a non-zero byte, its sector
# number (4 bytes, little-endian) and its bytes. XfsFuzzTest unpacks a seed into a 16 MiB image.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v mkfs.xfs >/dev/null || { echo "make-xfs-seeds: mkfs.xfs not found (xfsprogs)" >&2; exit 1; }
export LC_ALL=C
out=fs-xfs/src/test/resources/org/bootlace/fs/xfs/fuzz/XfsFuzzTestInputs/walk
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/src/boot/grub" "$work/src/dir"
printf 'set default=0\nmenuentry x { linux /boot/vmlinuz }\n' >"$work/src/boot/grub/grub.cfg"
head -c 3000 /dev/zero | tr '\0' 'k' >"$work/src/boot/vmlinuz"
for i in $(seq -w 1 40); do printf 'n%s' "$i" >"$work/src/dir/entry-$i"; done
{
  echo seed; echo 0 0; echo d--755 0 0
  echo " boot d--755 0 0"
  echo "  grub d--755 0 0"
  echo "   grub.cfg ---644 0 0 $work/src/boot/grub/grub.cfg"
  echo "  $"
  echo "  vmlinuz ---644 0 0 $work/src/boot/vmlinuz"
  echo "  link l--777 0 0 vmlinuz"
  echo " $"
  echo " dir d--755 0 0"
  for i in $(seq -w 1 40); do echo "  entry-$i ---644 0 0 $work/src/dir/entry-$i"; done
  echo " $"
  echo "$"
} >"$work/proto"

pack() { # image seed
  python3 - "$1" "$2" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
with open(sys.argv[2], "wb") as f:
    for s in range(0, len(data), 512):
        chunk = data[s:s + 512]
        if any(chunk):
            f.write(struct.pack("<I", s // 512) + chunk)
PY
}

make() { # name options...
  local name=$1; shift
  truncate -s 16M "$work/$name.img"
  # mkfs.xfs allows a data device under 300 MB only under xfsprogs' test suite variables.
  TEST_DIR=1 TEST_DEV=1 QA_CHECK_FS=1 mkfs.xfs -f -q -d agcount=1 -m uuid=0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 \
    -L seed "$@" -p "$work/proto" "$work/$name.img" 2>/dev/null
  pack "$work/$name.img" "$out/$name.seed"
}

make xfs-v5 -b size=1024
make xfs-v4 -b size=1024 -m crc=0
ls -l "$out"
