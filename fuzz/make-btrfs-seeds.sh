#!/usr/bin/env bash
# Rebuilds the btrfs fuzz target's seeds with the real tools (btrfs-progs' mkfs.btrfs --rootdir;
# the third seed is made by the kernel on a loop mount, so this script runs as root), then packs
# each image with fuzz/compact-btrfs.py so a seed is a few hundred KiB instead of 100+ MiB.
#   btrfs.img             4 KiB nodes: inline and regular files, a symlink, nested directories
#   btrfs-many.img        4 KiB nodes, 150 names in one directory: two-level fs tree
#   btrfs-kernel.img      a subvolume set as default, zlib/lzo/zstd extents, an inline zstd file
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in mkfs.btrfs btrfs losetup mount python3; do
  command -v "$tool" >/dev/null || { echo "make-btrfs-seeds: $tool not found (btrfs-progs, mount, python3)" >&2; exit 1; }
done
export LC_ALL=C
work=$(mktemp -d)
loop=
cleanup() {
  if mountpoint -q "$work/mnt" 2>/dev/null; then umount "$work/mnt"; fi
  if [ -n "$loop" ]; then losetup -d "$loop"; fi
  rm -rf "$work"
}
trap cleanup EXIT
out=fs-btrfs/src/test/resources/org/bootlace/fs/btrfs/fuzz/BtrfsFuzzTestInputs/walk
mkdir -p "$out"

mkbtrfs() { # image srcdir [options...]
  local img=$1 src=$2; shift 2
  truncate -s 0 "$img"; truncate -s 128M "$img"
  mkfs.btrfs -q -f -n 4096 -m single -d single -U 0badcafe-0000-4000-8000-000000000001 "$@" ${src:+--rootdir "$src"} "$img" >/dev/null 2>&1
}

s=$work/src
mkdir -p "$s/boot/grub" "$s/dir/sub"
printf 'menuentry "Linux" {\n  linux /boot/vmlinuz root=/dev/sda1\n}\n' > "$s/boot/grub/grub.cfg"
head -c 6000 /dev/zero | tr '\0' 'k' > "$s/boot/vmlinuz-6.1"
ln -s vmlinuz-6.1 "$s/boot/vmlinuz"
printf 'a\n' > "$s/dir/sub/a"
mkbtrfs "$work/plain.img" "$s"
python3 fuzz/compact-btrfs.py "$work/plain.img" "$out/btrfs.img"

m=$work/many
mkdir -p "$m/many"
for i in $(seq 1 150); do printf '%s' "$i" > "$m/many/name-$i"; done
mkbtrfs "$work/many.img" "$m"
python3 fuzz/compact-btrfs.py "$work/many.img" "$out/btrfs-many.img"

mkbtrfs "$work/kernel.img" ""
mkdir "$work/mnt"
loop=$(losetup --find --show "$work/kernel.img")
mount -t btrfs "$loop" "$work/mnt"
btrfs -q subvolume create "$work/mnt/@"
mkdir -p "$work/mnt/@/boot"
for alg in zlib lzo zstd; do
  mount -o remount,compress-force=$alg "$work/mnt"
  seq 1 3000 | sed "s/^/$alg line /" > "$work/mnt/@/boot/$alg"
  sync
done
printf '%.0sinline zstd ' $(seq 1 100) > "$work/mnt/@/boot/small"
btrfs -q subvolume set-default "$work/mnt/@"
sync
umount "$work/mnt"
losetup -d "$loop"
loop=
python3 fuzz/compact-btrfs.py "$work/kernel.img" "$out/btrfs-kernel.img"
ls -l "$out"
