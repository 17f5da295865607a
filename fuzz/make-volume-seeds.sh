#!/usr/bin/env bash
# Rebuilds the volume layer's fuzz seeds (volumes/.../VolumeFuzzTestInputs/) with the real LVM2
# tools on a loop device: needs root and losetup, touches no other device (an LVM filter accepts
# only the loop device), activates nothing (--driverloaded n) and writes no backup or archive.
#   lvmMetadata/  the VG metadata text vgcfgbackup writes (a linear and a two-segment LV)
#   lvmPv/        a small PV (64 KiB metadata area, 64 KiB extents) with one LV, cut after the LV
#   mdMember/     a version-1.2 md superblock (RAID1, 2 members, name host:boot), written with
#                 Python's struct from the kernel's struct mdp_superblock_1, as mdadm --create
#                 needs the kernel's md driver
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in losetup pvcreate vgcreate lvcreate vgcfgbackup python3; do
  command -v "$tool" >/dev/null || { echo "make-volume-seeds: $tool not found (util-linux, lvm2, python3)" >&2; exit 1; }
done
out=volumes/src/test/resources/org/bootlace/volume/fuzz/VolumeFuzzTestInputs
mkdir -p "$out/lvmMetadata" "$out/lvmPv" "$out/mdMember"
work=$(mktemp -d)
loop=
cleanup() { [ -n "$loop" ] && losetup -d "$loop"; rm -rf "$work"; }
trap cleanup EXIT

truncate -s 4M "$work/pv.img"
loop=$(losetup --find --show "$work/pv.img")
cfg="devices { obtain_device_list_from_udev=0 use_devicesfile=0 hints=\"none\" filter=[ \"a|^$loop\$|\", \"r|.*|\" ] global_filter=[ \"a|^$loop\$|\", \"r|.*|\" ] } activation { udev_sync=0 udev_rules=0 } backup { backup=0 archive=0 }"
lvm_() { "$@" --config "$cfg" --driverloaded n >/dev/null 2>&1 || { echo "make-volume-seeds: $* failed" >&2; exit 1; }; }
lvm_ pvcreate -ff -y --metadatasize 64k --dataalignment 64k "$loop"
lvm_ vgcreate -s 64k seedvg "$loop"
lvm_ lvcreate -an -Zn -y -n root -L 128k seedvg
lvm_ lvcreate -an -Zn -y -n swap -L 64k seedvg
lvm_ lvextend -y -L 192k seedvg/root
lvm_ vgcfgbackup -f "$work/seedvg.vg" seedvg
losetup -d "$loop"
loop=
cp "$work/seedvg.vg" "$out/lvmMetadata/vgcfgbackup.txt"
# pe_start is 128 KiB; five 64 KiB extents hold both LVs.
head -c $((128 * 1024 + 5 * 64 * 1024)) "$work/pv.img" > "$out/lvmPv/pv-two-lvs.img"

python3 - "$out/mdMember/raid1-1.2.sb" <<'PY'
import struct, sys
sb = bytearray(256 + 2 * 128)
struct.pack_into('<IIII', sb, 0, 0xa92b4efc, 1, 0, 0)
sb[16:32] = bytes(range(1, 17))
sb[32:43] = b'host:boot'.ljust(11, b'\0')
struct.pack_into('<QiIQIII', sb, 64, 1700000000, 1, 0, 64, 0, 2, 0)
struct.pack_into('<QQQQI', sb, 128, 64, 64, 8, 0, 0)
struct.pack_into('<QQQ', sb, 192, 1700000100, 20, 0xffffffffffffffff)
struct.pack_into('<I', sb, 220, 128)
for i in range(128):
    struct.pack_into('<H', sb, 256 + 2 * i, i if i < 2 else 0xffff)
words = struct.unpack_from('<%dI' % (len(sb) // 4), sb)
total = sum(w for i, w in enumerate(words) if i != 216 // 4)
struct.pack_into('<I', sb, 216, ((total & 0xffffffff) + (total >> 32)) & 0xffffffff)
open(sys.argv[1], 'wb').write(sb)
PY
echo "make-volume-seeds: wrote $(find "$out" -type f | wc -l) seeds under $out"
