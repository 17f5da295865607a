#!/usr/bin/env bash
# Builds the ISO 9660 fuzz seeds with xorriso: small images (no padding) with Rock Ridge and
# Joliet, plain ISO names only, zisofs, and an El Torito boot record, each holding a small tree
# with a kernel-like file, a config, a symlink and a deep directory. Fixed dates and volume ids
# make a rerun byte-identical.
set -euo pipefail
export SOURCE_DATE_EPOCH=1700000000
cd "$(dirname "$0")/.."
out=fs-iso9660/src/test/resources/org/bootlace/fs/iso9660/fuzz/IsoFuzzTestInputs/walk
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out" "$work/tree/boot/grub" "$work/tree/a/b/c/d/e/f/g/h/i"
head -c 3000 /dev/zero | tr '\0' 'K' > "$work/tree/boot/vmlinuz"
printf 'set default=0\nmenuentry "x" {\n linux /boot/vmlinuz ro\n}\n' > "$work/tree/boot/grub/grub.cfg"
echo deep > "$work/tree/a/b/c/d/e/f/g/h/i/file"
ln -s boot/vmlinuz "$work/tree/vmlinuz"
cp "$work/tree/boot/vmlinuz" "$work/tree/boot/boot.img"
find "$work/tree" -exec touch -h -d @1700000000 {} +
common=(-quiet -no-pad -V BOOTLACE -volset FUZZ --modification-date=2023111422132000 -uid 0 -gid 0)
xorriso -as mkisofs "${common[@]}" -R -J -o "$out/rr-joliet.iso" "$work/tree"
xorriso -as mkisofs "${common[@]}" -iso-level 1 -o "$out/plain.iso" "$work/tree"
xorriso -as mkisofs "${common[@]}" -R -b boot/boot.img -no-emul-boot -boot-load-size 4 -o "$out/eltorito.iso" "$work/tree"
