#!/usr/bin/env bash
# Builds sample.img: the disk of a small Xen PV guest as pygrub meets it. An MBR with two
# partitions: 1 is /boot (ext4, active) holding a GRUB legacy menu.lst with three entries, 2 is
# the root filesystem (ext3). The kernel and initrd are small stand-in files with recognizable
# content, so the image stays tiny. Fixed UUIDs and a fixed clock make the build reproducible.
# Needs: e2fsprogs, fdisk (sfdisk), coreutils. Usage: make-sample.sh [OUTPUT] (default: sample.img
# beside this script).
set -euo pipefail
out="${1:-$(dirname "$0")/sample.img}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export E2FSPROGS_FAKE_TIME=1700000000 SOURCE_DATE_EPOCH=1700000000

mkdir -p "$work/boot/grub" "$work/root/etc" "$work/root/boot"
cat > "$work/boot/grub/menu.lst" <<'MENU'
# menu.lst of the bootlace sample guest
default         saved
timeout         5
hiddenmenu

title           Debian GNU/Linux, kernel 6.1.0-sample
root            (hd0,0)
kernel          /vmlinuz-6.1.0-sample root=/dev/xvda2 ro console=hvc0 quiet
initrd          /initrd.img-6.1.0-sample
savedefault

title           Debian GNU/Linux, kernel 6.1.0-sample (single-user mode)
root            (hd0,0)
kernel          /vmlinuz-6.1.0-sample root=/dev/xvda2 ro console=hvc0 single
initrd          /initrd.img-6.1.0-sample

title           Debian GNU/Linux, kernel 5.10.0-old
root            (hd0,0)
kernel          /vmlinuz-5.10.0-old root=/dev/xvda2 ro console=hvc0
initrd          /initrd.img-5.10.0-old
MENU
# What grub-set-default 0 writes: the entry number, then padding comments.
{
  echo 0
  for _ in $(seq 1 9); do echo "#"; done
} > "$work/boot/grub/default"
for v in 6.1.0-sample 5.10.0-old; do
  { echo "bootlace sample kernel $v"; head -c 200000 /dev/zero | tr '\0' 'K'; } > "$work/boot/vmlinuz-$v"
  { echo "bootlace sample initrd $v"; head -c 100000 /dev/zero | tr '\0' 'I'; } > "$work/boot/initrd.img-$v"
done
echo "sample" > "$work/root/etc/hostname"
ln -s ../boot "$work/root/boot/boot-partition"
find "$work" -exec touch -h -d @1700000000 {} +

mkfs.ext4 -q -F -U 4fa5b7a0-0b1e-4c5e-9a57-5a3b1e000001 -E hash_seed=4fa5b7a0-0b1e-4c5e-9a57-5a3b1e000002 \
  -L boot -d "$work/boot" "$work/boot.img" 3M >/dev/null
mkfs.ext3 -q -F -U 4fa5b7a0-0b1e-4c5e-9a57-5a3b1e000003 -E hash_seed=4fa5b7a0-0b1e-4c5e-9a57-5a3b1e000004 \
  -L root -d "$work/root" "$work/root.img" 4M >/dev/null

# mkfs -d copies each file's ctime, which the kernel sets to now: pin it like the other times.
pin_ctimes() { # tree image
  (cd "$1" && find . -mindepth 1 | sed 's|^\.||') | while read -r p; do
    echo "set_inode_field \"$p\" ctime 20231114221320"
  done | debugfs -w -f - "$2" >/dev/null 2>&1
}
pin_ctimes "$work/boot" "$work/boot.img"
pin_ctimes "$work/root" "$work/root.img"

rm -f "$out"
truncate -s 8M "$out"
sfdisk -q "$out" <<'TABLE'
label: dos
label-id: 0x0b007ace
start=2048, size=6144, type=83, bootable
start=8192, size=8192, type=83
TABLE
dd if="$work/boot.img" of="$out" bs=512 seek=2048 conv=notrunc,sparse status=none
dd if="$work/root.img" of="$out" bs=512 seek=8192 conv=notrunc,sparse status=none
