#!/usr/bin/env bash
# Builds the FAT fuzz seeds with mkfs.vfat (dosfstools) and mcopy (mtools): FAT12, FAT16 and
# FAT32 each holding a small tree with long and 8.3 names, a volume label, a kernel-like file
# spanning several clusters, a config and a deep directory. FAT16 and FAT32 need thousands of
# clusters, so their images are cut after the last used cluster: the reader warns that the
# volume is truncated and reads on, and the fuzzer is not handed megabytes of zeros. A fixed
# serial, --invariant and preserved dates make a rerun byte-identical.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in mkfs.vfat mcopy; do
  command -v "$tool" >/dev/null || { echo "make-fat-seeds: $tool not found (dosfstools, mtools)" >&2; exit 1; }
done
export MTOOLS_SKIP_CHECK=1 LC_ALL=C.UTF-8
out=fs-fat/src/test/resources/org/bootlace/fs/fat/fuzz/FatFuzzTestInputs/walk
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out" "$work/tree/EFI/debian" "$work/tree/a/b/c/d/e"
head -c 3000 /dev/zero | tr '\0' 'K' > "$work/tree/EFI/debian/vmlinuz"
printf 'search --fs-uuid --set=root 1234-ABCD\nconfigfile ($root)/boot/grub/grub.cfg\n' > "$work/tree/EFI/debian/grub.cfg"
echo deep > "$work/tree/a/b/c/d/e/Deep File.txt"
echo upper > "$work/tree/README"
find "$work/tree" -exec touch -h -d @1700000000 {} +

# seed name, size in KiB, cut after this many KiB (0: keep whole), mkfs.vfat options
make() {
  local name=$1 size=$2 keep=$3; shift 3
  rm -f "$work/$name"
  mkfs.vfat --invariant -C -i 1234abcd -n FUZZ "$@" "$work/$name" "$size" >/dev/null
  mcopy -m -s -i "$work/$name" "$work/tree/"* ::/
  if [ "$keep" -gt 0 ]; then truncate -s "${keep}K" "$work/$name"; fi
  cp "$work/$name" "$out/$name"
}
make fat12.img 64 0 -F 12 -s 1
make fat16.img 2100 64 -F 16 -s 1 -r 64
make fat32.img 34000 300 -F 32 -s 1 -f 1
make fat32-4k.img 270000 448 -F 32 -S 4096 -s 1 -f 1
ls -l "$out"
