#!/usr/bin/env bash
# Image-format throughput, the figures the README quotes: the whole virtual disk of a guest image
# read through bootlace (benchmarks' ImageToRaw, writing a raw file) against `qemu-img convert -O
# raw` of the same image, for qcow2 (plain, zlib, zstd), VHD, VHDX and streamOptimized VMDK; and
# `bootlace extract` of a 256 MiB kernel from the qcow2 against the raw disk. Page cache warm; wall
# and CPU (user + system) seconds;
# each figure is the best of 3 runs. Outputs are compared before anything is timed.
# Needs: maven, qemu-utils, e2fsprogs.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mvn -q -B -DskipTests -pl benchmarks,cli -am package
./bootlace --version >/dev/null
cp="benchmarks/target/bootlace-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*"

# A 400 MiB ext4 guest holding a 256 MiB kernel of random bytes (as incompressible as a real
# compressed kernel), 64 MiB of base64 text (compressible: the compressed qcow2 and VMDK clusters
# hold it deflated) and a GRUB legacy menu.
mkdir -p "$work/root/boot/grub" "$work/root/var/log"
head -c $((256 * 1024 * 1024)) /dev/urandom > "$work/root/boot/vmlinuz"
head -c $((48 * 1024 * 1024)) /dev/urandom | base64 > "$work/root/var/log/text.log"
printf 'default 0\ntimeout 0\ntitle big\nroot (hd0,0)\nkernel /boot/vmlinuz root=/dev/xvda1 ro\n' \
  > "$work/root/boot/grub/menu.lst"
mkfs.ext4 -q -F -d "$work/root" "$work/guest.raw" 400M >/dev/null
qemu-img convert -f raw -O qcow2 "$work/guest.raw" "$work/guest.qcow2"
qemu-img convert -f raw -O qcow2 -c "$work/guest.raw" "$work/zlib.qcow2"
qemu-img convert -f raw -O qcow2 -c -o compression_type=zstd "$work/guest.raw" "$work/zstd.qcow2"
qemu-img convert -f raw -O vpc "$work/guest.raw" "$work/guest.vhd"
qemu-img convert -f raw -O vhdx "$work/guest.raw" "$work/guest.vhdx"
qemu-img convert -f raw -O vmdk -o subformat=streamOptimized "$work/guest.raw" "$work/guest.vmdk"

best() { # command...: "wall cpu" seconds, each the best of 3 runs (rm -rf $work/x before each);
  # cpu is user + system time of the command and its children, which a loaded machine inflates less
  local bw=999999 bc=999999 line
  for _ in 1 2 3; do
    rm -rf "$work/x"
    line=$( { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>&1; } 2>&1 | tail -1)
    read -r bw bc <<<"$(echo "$line $bw $bc" | awk '{w = $1; c = $2 + $3; printf "%.2f %.2f", (w < $4) ? w : $4, (c < $5) ? c : $5}')"
  done
  echo "$bw $bc"
}

printf '%-14s %6s %22s %22s\n' image MiB "bootlace wall/cpu s" "qemu-img wall/cpu s"
for f in guest.qcow2 zlib.qcow2 zstd.qcow2 guest.vhd guest.vhdx guest.vmdk; do
  java -cp "$cp" org.bootlace.benchmarks.ImageToRaw "$work/$f" "$work/ours.raw"
  qemu-img convert -O raw "$work/$f" "$work/theirs.raw"
  cmp -s "$work/ours.raw" "$work/theirs.raw" || { echo "bootlace and qemu-img disagree on $f"; exit 1; }
  mib=$(( $(stat -c %s "$work/theirs.raw") / 1048576 ))
  ours=$(best java -cp "$cp" org.bootlace.benchmarks.ImageToRaw "$work/$f" "$work/ours.raw")
  theirs=$(best qemu-img convert -O raw "$work/$f" "$work/theirs.raw")
  printf '%-14s %6s %22s %22s\n' "$f" "$mib" "${ours/ //}" "${theirs/ //}"
done

echo
echo "bootlace extract of the 256 MiB kernel (whole command, JVM start-up included):"
for f in guest.raw guest.qcow2 zlib.qcow2; do
  t=$(best ./bootlace extract "$work/$f" -o "$work/x")
  printf '  %-14s %s s wall/cpu\n' "$f" "${t/ //}"
done
