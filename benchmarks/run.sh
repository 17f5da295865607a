#!/usr/bin/env bash
# Runs bootlace's benchmarks and prints the numbers the README quotes:
#  1. JMH, in-process: resolving the sample image; copying a 256 MiB kernel out of ext4 against
#     reading the same bytes straight from the image file.
#  2. hyperfine, whole commands: `bootlace pygrub` against Xen's pygrub on the same images, in one
#     run, with their outputs compared first.
# Needs: maven, e2fsprogs, hyperfine, xen-utils-4.17 (for pygrub).
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pygrub=/usr/lib/xen-4.17/bin/pygrub

mvn -q -B -DskipTests -pl benchmarks,cli -am package
./bootlace --version >/dev/null # builds the launcher's jar if needed

# A guest with a 256 MiB kernel: copying it is where disk speed shows.
mkdir -p "$work/root/boot/grub"
head -c $((256 * 1024 * 1024)) /dev/urandom > "$work/root/boot/vmlinuz"
printf 'default 0\ntimeout 0\ntitle big\nroot (hd0,0)\nkernel /boot/vmlinuz root=/dev/xvda1 ro\n' \
  > "$work/root/boot/grub/menu.lst"
mkfs.ext4 -q -F -d "$work/root" benchmarks/target/bench-kernel.img 300M >/dev/null

cp="benchmarks/target/bootlace-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*"
java -cp "$cp" org.openjdk.jmh.Main -rf text -rff "$work/jmh.txt" \
  -p kernelImage=benchmarks/target/bench-kernel.img "ResolveBenchmark|CopyKernelBenchmark" >/dev/null
echo "== JMH (in-process)"
cat "$work/jmh.txt"

echo "== whole commands: bootlace pygrub vs pygrub"
for img in examples/sample/sample.img benchmarks/target/bench-kernel.img; do
  mkdir -p "$work/a" "$work/b"
  a="$(./bootlace pygrub -q --output-format=simple --output-directory="$work/a" "$img" 2>/dev/null |
    sed 's/boot_\(kernel\|ramdisk\)\.[a-z0-9_]*/X/; s|'"$work"'/a||g')"
  b="$("$pygrub" -q --output-format=simple --output-directory="$work/b" "$img" 2>/dev/null |
    sed 's/boot_\(kernel\|ramdisk\)\.[a-z0-9_]*/X/; s|'"$work"'/b||g')"
  [[ "$a" == "$b" ]] || { echo "outputs differ on $img"; exit 1; }
  hyperfine --warmup 2 --runs 10 --style basic \
    --prepare "rm -rf $work/a $work/b; mkdir -p $work/a $work/b" \
    -n "bootlace pygrub $(basename "$img")" "./bootlace pygrub -q --output-directory=$work/a $img" \
    -n "pygrub $(basename "$img")" "$pygrub -q --output-directory=$work/b $img" 2>/dev/null |
    grep -E "Time|±|faster|Benchmark" || true
done
