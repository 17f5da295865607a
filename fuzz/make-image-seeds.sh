#!/usr/bin/env bash
# Rebuilds the image-format fuzz targets' seeds with qemu-img and qemu-io (qemu-utils): small
# qcow2, VHD, VHDX and VMDK files with some data written, so the fuzzer starts from headers and
# tables that lead somewhere. (qemu writes random UUIDs and times into VHD, VHDX and VMDK headers,
# so a rerun gives the same shapes, not the same bytes.)
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in qemu-img qemu-io; do
  command -v "$tool" >/dev/null || { echo "make-image-seeds: $tool not found (qemu-utils)" >&2; exit 1; }
done
out=image-formats/src/test/resources/org/bootlace/image/fuzz/ImageFormatFuzzTestInputs
mkdir -p "$out"/{qcow2,vhd,vhdx,vmdk}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 64 KiB of text, zeros and a pattern: compressible, with a hole.
raw=$work/src.raw
qemu-img create -q -f raw "$raw" 64K
qemu-io -f raw -c 'write -P 0x61 0 8K' -c 'write -P 0x7a 40960 4K' "$raw" >/dev/null

qemu-img convert -f raw -O qcow2 -o cluster_size=512 "$raw" "$out/qcow2/v3-512.qcow2"
qemu-img convert -f raw -O qcow2 -o cluster_size=512,compat=0.10 "$raw" "$out/qcow2/v2-512.qcow2"
qemu-img convert -f raw -O qcow2 -c -o cluster_size=4096 "$raw" "$out/qcow2/zlib.qcow2"
qemu-img convert -f raw -O qcow2 -c -o cluster_size=4096,compression_type=zstd "$raw" "$out/qcow2/zstd.qcow2"
qemu-img convert -f raw -O qcow2 -o cluster_size=16K,extended_l2=on "$raw" "$out/qcow2/extl2.qcow2"
qemu-io -f qcow2 -c 'write -z 16384 2048' "$out/qcow2/extl2.qcow2" >/dev/null

qemu-img convert -f raw -O vpc -o subformat=fixed "$raw" "$out/vhd/fixed.vhd"
qemu-img create -q -f vpc -o subformat=dynamic "$out/vhd/dynamic-empty.vhd" 64K

qemu-img create -q -f vhdx -o log_size=1M,block_size=1M "$out/vhdx/dynamic.vhdx" 2M
qemu-io -f vhdx -c 'write -P 0x42 0 4K' "$out/vhdx/dynamic.vhdx" >/dev/null

qemu-img convert -f raw -O vmdk -o subformat=monolithicSparse "$raw" "$out/vmdk/sparse.vmdk"
qemu-img convert -f raw -O vmdk -o subformat=streamOptimized "$raw" "$out/vmdk/stream.vmdk"
printf '# Disk DescriptorFile\nversion=1\nCID=1\nparentCID=ffffffff\ncreateType="monolithicFlat"\nRW 128 ZERO\nRW 8 FLAT "disk-flat.vmdk" 0\n' > "$out/vmdk/descriptor.vmdk"
ls -l "$out"/*/
