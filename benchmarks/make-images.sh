#!/usr/bin/env bash
# Builds one small guest image of every kind bootlace's tests build, with the real tools, for the
# in-process benchmark (ResolveBenchmark's `image` parameter; the benchmark fails on an image
# bootlace does not resolve, so only the success path is timed).
#
#   benchmarks/make-images.sh OUTDIR      prints the images' paths, comma-separated
#
# Kinds: GRUB 2 in grub-mkconfig's shape with a grubenv (MBR, ext4), GRUB 2 with blscfg and BLS
# entries (ext4), GRUB legacy (the README's sample), syslinux (FAT), an ISO 9660 image with
# isolinux, XFS, btrfs, and the GRUB 2 disk as qcow2.
# Needs: e2fsprogs, fdisk, grub-common, dosfstools, mtools, xorriso, xfsprogs, btrfs-progs,
# qemu-utils.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mkdir -p "$1" && cd "$1" && pwd)"
work="$out/.trees"
rm -rf "$work"
mkdir -p "$work"
export E2FSPROGS_FAKE_TIME=1700000000 SOURCE_DATE_EPOCH=1700000000

kernel() { { echo "kernel $1"; head -c 200000 /dev/zero | tr '\0' 'K'; } > "$2"; }
initrd() { { echo "initrd $1"; head -c 100000 /dev/zero | tr '\0' 'I'; } > "$2"; }

# --- GRUB 2, grub-mkconfig's shape, grubenv, on an MBR partition
uuid=3e8a1c52-7d4f-4b9e-a1c3-5f2e8d7b6a90
t="$work/grub2"
mkdir -p "$t/boot/grub"
cp "$here/grub-config/src/test/resources/org/bootlace/grub2/Grub2FuzzTestInputs/grubCfg/debian.cfg" \
  "$t/boot/grub/grub.cfg"
grub-editenv "$t/boot/grub/grubenv" create
grub-editenv "$t/boot/grub/grubenv" set saved_entry=0
for v in 6.1.0-18-amd64 6.1.0-17-amd64; do
  kernel "$v" "$t/boot/vmlinuz-$v"
  initrd "$v" "$t/boot/initrd.img-$v"
done
mke2fs -q -F -t ext4 -U "$uuid" -L root -d "$t" "$work/grub2-fs.img" 12M >/dev/null
rm -f "$out/grub2-grubenv.img"
truncate -s 16M "$out/grub2-grubenv.img"
printf 'label: dos\nstart=2048, size=24576, type=83, bootable\n' | sfdisk -q "$out/grub2-grubenv.img"
dd if="$work/grub2-fs.img" of="$out/grub2-grubenv.img" bs=512 seek=2048 conv=notrunc,sparse status=none

# --- GRUB 2 with blscfg: Fedora's layout, entries in /boot/loader/entries
t="$work/bls"
mkdir -p "$t/boot/grub2" "$t/boot/loader/entries"
cat > "$t/boot/grub2/grub.cfg" <<'CFG'
set timeout=5
load_env
if [ "${next_entry}" ] ; then
   set default="${next_entry}"
   set next_entry=
   save_env next_entry
elif [ "${saved_entry}" ] ; then
   set default="${saved_entry}"
fi
insmod part_gpt
insmod ext2
blscfg
CFG
grub-editenv "$t/boot/grub2/grubenv" create
grub-editenv "$t/boot/grub2/grubenv" set saved_entry=f00d-6.9.0
for v in 6.10.0 6.9.0; do
  printf 'title Fedora Linux (%s)\nversion %s\nlinux /boot/vmlinuz-%s\ninitrd /boot/initramfs-%s.img\noptions root=/dev/xvda ro\n' \
    "$v" "$v" "$v" "$v" > "$t/boot/loader/entries/f00d-$v.conf"
  kernel "$v" "$t/boot/vmlinuz-$v"
  initrd "$v" "$t/boot/initramfs-$v.img"
done
mke2fs -q -F -t ext4 -d "$t" "$out/grub2-bls.img" 8M >/dev/null

# --- GRUB legacy: the README's sample guest
cp "$here/examples/sample/sample.img" "$out/grub-legacy.img"

# --- syslinux on FAT
t="$work/syslinux"
mkdir -p "$t"
printf 'DEFAULT linux\nTIMEOUT 50\nLABEL linux\n  KERNEL /vmlinuz\n  INITRD /initrd.img\n  APPEND root=/dev/xvda ro\n' \
  > "$t/syslinux.cfg"
kernel syslinux "$t/vmlinuz"
initrd syslinux "$t/initrd.img"
rm -f "$out/syslinux.img"
mkfs.vfat -C -i 12345678 "$out/syslinux.img" 4096 >/dev/null
mcopy -i "$out/syslinux.img" "$t/syslinux.cfg" "$t/vmlinuz" "$t/initrd.img" ::/

# --- ISO 9660 with isolinux
t="$work/iso"
mkdir -p "$t/isolinux"
printf 'DEFAULT live\nLABEL live\n  KERNEL /live/vmlinuz\n  APPEND initrd=/live/initrd.img boot=live\n' \
  > "$t/isolinux/isolinux.cfg"
mkdir -p "$t/live"
kernel iso "$t/live/vmlinuz"
initrd iso "$t/live/initrd.img"
xorriso -as mkisofs -quiet -R -J -V BOOTLACE -o "$out/iso.iso" "$t" 2>/dev/null

# --- XFS (populated from a prototype file, no mount)
t="$work/xfs"
mkdir -p "$t/boot/grub"
printf 'default 0\ntimeout 0\ntitle xfs\nroot (hd0)\nkernel /boot/vmlinuz root=/dev/xvda ro\ninitrd /boot/initrd.img\n' \
  > "$t/boot/grub/menu.lst"
kernel xfs "$t/boot/vmlinuz"
initrd xfs "$t/boot/initrd.img"
{
  printf 'bootlace-bench\n0 0\nd--755 0 0\nboot d--755 0 0\n'
  printf ' grub d--755 0 0\n  menu.lst ---644 0 0 %s\n $\n' "$t/boot/grub/menu.lst"
  printf ' vmlinuz ---644 0 0 %s\n initrd.img ---644 0 0 %s\n$\n$\n' "$t/boot/vmlinuz" "$t/boot/initrd.img"
} > "$work/xfs.proto"
rm -f "$out/xfs.img"
truncate -s 32M "$out/xfs.img"
env TEST_DIR=1 TEST_DEV=1 QA_CHECK_FS=1 mkfs.xfs -f -q -p "$work/xfs.proto" "$out/xfs.img"

# --- btrfs
t="$work/btrfs"
mkdir -p "$t/boot/grub"
printf 'set default=0\nmenuentry btrfs {\n  linux /boot/vmlinuz root=/dev/xvda ro\n  initrd /boot/initrd.img\n}\n' \
  > "$t/boot/grub/grub.cfg"
kernel btrfs "$t/boot/vmlinuz"
initrd btrfs "$t/boot/initrd.img"
rm -f "$out/btrfs.img"
truncate -s 128M "$out/btrfs.img"
mkfs.btrfs -q -f --rootdir "$t" "$out/btrfs.img" >/dev/null

# --- the GRUB 2 disk as qcow2
qemu-img convert -f raw -O qcow2 "$out/grub2-grubenv.img" "$out/grub2-grubenv.qcow2"

rm -rf "$work"
images=(grub2-grubenv.img grub2-bls.img grub-legacy.img syslinux.img iso.iso xfs.img btrfs.img grub2-grubenv.qcow2)
list=""
for i in "${images[@]}"; do
  list+="${list:+,}$out/$i"
done
echo "$list"
