#!/usr/bin/env bash
# Rebuilds the fuzz targets' binary seeds with the real tools (sfdisk, sgdisk, fdisk, mke2fs,
# e2fsck, debugfs). Each seed is small on purpose: libFuzzer mutates every byte it is given, so a seed is
# the least that still shows the fuzzer a structure worth breaking. fuzz/README.md says what each
# one is. Timestamps, UUIDs and hash seeds are fixed, so a rerun gives the same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in sfdisk sgdisk fdisk mke2fs e2fsck debugfs dumpe2fs; do
  command -v "$tool" >/dev/null || { echo "make-seeds: $tool not found (e2fsprogs, fdisk, gdisk)" >&2; exit 1; }
done
export LC_ALL=C E2FSPROGS_FAKE_TIME=1700000000 E2FSCK_TIME=1700000000

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

core=core/src/test/resources/org/bootlace/fuzz
ext=fs-ext/src/test/resources/org/bootlace/fs/ext/fuzz/ExtFuzzTestInputs/walk
whole=examples/src/test/resources/org/bootlace/hostile/ResolverFuzzTestInputs/resolve
mkdir -p "$core/PartitionTableFuzzTestInputs/"{mbr,gpt512,gpt4096} "$core/BootSourceFuzzTestInputs/disk" "$ext" "$whole"

sfdisk_script() { # image script
  printf '%s' "$2" | sfdisk -q --no-reread --no-tell-kernel "$1"
}

# --- partition tables -------------------------------------------------------------------------

# Four primaries, one active, in 16 KiB.
truncate -s 16K "$work/mbr-primary.img"
sfdisk_script "$work/mbr-primary.img" 'label: dos
label-id: 0x0badcafe
start=1, size=7, type=83, bootable
start=8, size=8, type=c
start=16, size=8, type=82
start=24, size=8, type=7
'
# A primary, an extended partition holding a chain of three EBRs, and a FAT partition after it.
truncate -s 64K "$work/mbr-ebr.img"
sfdisk_script "$work/mbr-ebr.img" 'label: dos
label-id: 0x1234abcd
start=2, size=20, type=83, bootable
start=22, size=80, type=5
start=102, size=20, type=c
start=24, size=10, type=83
start=36, size=10, type=82
start=48, size=20, type=8e
'
# GPT by sgdisk: 128 entries, three partitions, in 64 KiB.
truncate -s 64K "$work/gpt-sgdisk.img"
sgdisk -a 1 -n 1:34:+8 -t 1:ef02 -c 1:bios -n 2:0:+16 -t 2:ef00 -c 2:esp -A 2:set:2 \
  -n 3:0:+20 -t 3:8304 -c 3:root -U 11111111-2222-3333-4444-555555555555 \
  -u 1:aaaaaaaa-0000-0000-0000-000000000001 -u 2:aaaaaaaa-0000-0000-0000-000000000002 \
  -u 3:aaaaaaaa-0000-0000-0000-000000000003 "$work/gpt-sgdisk.img" >/dev/null
# GPT by sfdisk with a four-entry array: the whole table in 8 KiB, so mutations land on it.
truncate -s 8K "$work/gpt-small.img"
sfdisk_script "$work/gpt-small.img" 'label: gpt
label-id: 01234567-89AB-CDEF-0123-456789ABCDEF
table-length: 4
first-lba: 4
start=4, size=4, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=0A0B0C0D-0E0F-1011-1213-141516171819, name="esp"
start=8, size=4, type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, uuid=F0E1D2C3-B4A5-9687-7869-5A4B3C2D1E0F, name="root", attrs="LegacyBIOSBootable"
'
# A 4Kn GPT (fdisk -b 4096 loading an sfdisk script), eight entries, in 64 KiB.
truncate -s 64K "$work/gpt-4k.img"
cat >"$work/gpt-4k.sfdisk" <<'SCRIPT'
label: gpt
label-id: 89ABCDEF-0123-4567-89AB-CDEF01234567
sector-size: 4096
table-length: 8
first-lba: 3
start=3, size=4, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=00000000-0000-0000-0000-0000000000E1, name="esp"
start=7, size=6, type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, uuid=00000000-0000-0000-0000-0000000000E2, name="root"
SCRIPT
printf 'I\n%s\nw\n' "$work/gpt-4k.sfdisk" | fdisk -b 4096 "$work/gpt-4k.img" >/dev/null

cp "$work/mbr-primary.img" "$work/mbr-ebr.img" "$core/PartitionTableFuzzTestInputs/mbr/"
cp "$work/gpt-sgdisk.img" "$work/gpt-small.img" "$core/PartitionTableFuzzTestInputs/gpt512/"
cp "$work/gpt-4k.img" "$core/PartitionTableFuzzTestInputs/gpt4096/"
cp "$work/mbr-ebr.img" "$work/gpt-small.img" "$work/gpt-4k.img" "$core/BootSourceFuzzTestInputs/disk/"

# --- ext ---------------------------------------------------------------------------------------

tree="$work/tree"
mkdir -p "$tree/boot/grub" "$tree/dir"
printf 'hello\n' >"$tree/file"
# A kernel of three blocks, a sparse file whose six extents need an extent tree of depth 1.
head -c 3000 /dev/zero | tr '\0' 'k' >"$tree/boot/vmlinuz"
for i in 0 2 4 6 8 10; do printf 'run %d' "$i" | dd of="$tree/holes" bs=1024 seek="$i" conv=notrunc status=none; done
printf 'default 0\ntimeout 1\ntitle fuzz\nroot (hd0,0)\nkernel /boot/vmlinuz ro\ninitrd /file\n' >"$tree/boot/grub/menu.lst"
for i in 1 2 3; do printf '%d\n' "$i" >"$tree/dir/name-$i"; done
ln -s file "$tree/fast"
ln -s "$(printf 's%.0s' $(seq 80))" "$tree/slow"

# mke2fs -d copies the host's inode times, which no tool can fix on the host (ctime, and atime
# once mke2fs has read a file), so debugfs sets every inode's times afterwards: fixed times keep
# the images reproducible.
fixtimes() { # image
  local n i f
  n=$(dumpe2fs -h "$1" 2>/dev/null | awk -F: '/^Inode count/ {print $2 + 0}')
  for i in $(seq 1 "$n"); do
    for f in atime ctime mtime crtime; do echo "sif <$i> $f @1700000000"; done
    for f in atime_extra ctime_extra mtime_extra crtime_extra; do echo "sif <$i> $f 0"; done
  done >"$work/times.cmds"
  debugfs -w -f "$work/times.cmds" "$1" >/dev/null 2>&1
}

mkext() { # name mke2fs-options...
  local img="$work/$1.img"; shift
  truncate -s 64K "$img"
  mke2fs -q -F -b 1024 -N 32 -m 0 -U 0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9 -E hash_seed=00112233-4455-6677-8899-aabbccddeeff "$@" -d "$tree" "$img"
  fixtimes "$img"
  e2fsck -fn "$img" >/dev/null 2>&1
}
mkext ext2 -t ext2
mkext ext4 -t ext4 -O ^has_journal
mkext ext4-nocsum -t ext4 -O ^has_journal,^metadata_csum,^64bit
mkext ext4-inline -t ext4 -O ^has_journal,inline_data
cp "$work"/ext2.img "$work"/ext4.img "$work"/ext4-nocsum.img "$work"/ext4-inline.img "$ext/"

# An htree directory: 200 hard links to one file (one inode) in 1 KiB blocks, indexed by e2fsck -D.
mkdir -p "$work/htree/many"
printf 'x' >"$work/htree/target"
for i in $(seq -w 1 200); do ln "$work/htree/target" "$work/htree/many/entry-with-a-longer-name-$i"; done
truncate -s 64K "$work/ext4-htree.img"
mke2fs -q -F -t ext4 -b 1024 -N 16 -m 0 -O ^has_journal -U 0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9 \
  -E hash_seed=00112233-4455-6677-8899-aabbccddeeff -d "$work/htree" "$work/ext4-htree.img"
e2fsck -fyD "$work/ext4-htree.img" >/dev/null 2>&1 || [ $? -le 1 ]
fixtimes "$work/ext4-htree.img"
e2fsck -fn "$work/ext4-htree.img" >/dev/null 2>&1
cp "$work/ext4-htree.img" "$ext/"

# --- whole disks: a table, an ext filesystem with menu.lst and a kernel -------------------------

disk() { # name sfdisk-script fs; the filesystem's partition starts at sector 3
  local img="$work/$1.img"
  truncate -s 68K "$img"
  sfdisk_script "$img" "$2"
  dd if="$work/$3.img" of="$img" bs=512 seek=3 conv=notrunc status=none
  cp "$img" "$whole/"
}
disk whole-mbr-ext2 'label: dos
label-id: 0x00c0ffee
start=3, size=128, type=83, bootable
' ext2
disk whole-gpt-ext4 'label: gpt
label-id: 01234567-89AB-CDEF-0123-456789ABCDEF
table-length: 4
first-lba: 3
start=3, size=128, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=00000000-0000-0000-0000-000000000001, name="root"
' ext4-nocsum
cp "$work/ext2.img" "$whole/whole-ext2-no-table.img"

echo "seeds written:"
find "$core" "$ext" "$whole" -type f -name '*.img' | sort | while read -r f; do
  printf '  %6d  %s\n' "$(stat -c %s "$f")" "$f"
done
