#!/usr/bin/env bash
# Builds the unified kernel image fuzz seed with objcopy (binutils) onto the stub of Debian's
# systemd-boot-efi: a base profile (.osrel, .cmdline, .uname, .ucode, .linux, .initrd) and three
# .profile sections, the second and third with a .cmdline and an .initrd of their own. objcopy
# refuses a second section of a name, so sections go in under stand-in names at increasing
# addresses (objcopy keeps address order) and are renamed in a second run.
set -euo pipefail
cd "$(dirname "$0")/.."
stub=/usr/lib/systemd/boot/efi/linuxx64.efi.stub
command -v objcopy >/dev/null || { echo "make-uki-seeds: objcopy not found (binutils)" >&2; exit 1; }
[ -f "$stub" ] || { echo "make-uki-seeds: $stub not found (systemd-boot-efi)" >&2; exit 1; }
out=core/src/test/resources/org/bootlace/fuzz/UkiFuzzTestInputs/uki
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

sections=(
  ".osrel=ID=fuzz\nPRETTY_NAME=\"Fuzz Linux\"\nVERSION_ID=1\n"
  ".cmdline=root=/dev/vda1 quiet\n"
  ".uname=6.1.0-fuzz\n"
  ".ucode=UCODE"
  ".linux=HdrS kernel stand-in"
  ".initrd=INITRD"
  ".profile=ID=regular\nTITLE=\"Regular boot\"\n"
  ".profile=ID=reset\n"
  ".cmdline=quiet systemd.unit=factory-reset.target\n"
  ".profile=TITLE=\"Storage\"\n"
  ".cmdline=rd.systemd.unit=storage-target-mode.target\n"
  ".initrd=STORAGE"
)
add=() rename=()
vma=$((0x100000))
for i in "${!sections[@]}"; do
  name=${sections[$i]%%=*}
  printf '%b' "${sections[$i]#*=}" > "$work/s$i"
  add+=(--add-section ".s$i=$work/s$i" --change-section-vma ".s$i=$(printf '0x%x' $vma)")
  rename+=(--rename-section ".s$i=$name")
  vma=$((vma + 0x1000))
done
objcopy "${add[@]}" "$stub" "$work/added.efi"
objcopy "${rename[@]}" "$work/added.efi" "$out/profiles.efi"
echo "make-uki-seeds: wrote $out/profiles.efi"
