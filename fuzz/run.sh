#!/usr/bin/env bash
# Runs bootlace's Jazzer fuzz targets one after another, each for the same time, and reports what
# they found.
#
#   fuzz/run.sh               60 s per target
#   fuzz/run.sh 3600          an hour per target
#   fuzz/run.sh 10            a CI-sized pass
#   fuzz/run.sh 600 ext grub  only the targets whose name contains one of the words
#
# A finding (an exception outside bootlace's family, an input that hangs, an allocation beyond the
# heap) stops its target; Jazzer stores the input as crash-*/timeout-* next to the target's seeds
# (src/test/resources/.../<Class>Inputs/<method>/), where `mvn verify` replays it from then on.
# The corpus Jazzer grows lives in each module's .cifuzz-corpus/ (ignored by git) and is reused
# by the next run. Exit status: 0 when nothing was found, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
case $seconds in '' | *[!0-9]*) echo "usage: fuzz/run.sh [SECONDS] [TARGET-WORD...]" >&2; exit 2 ;; esac

# module  test class  method  short name  [largest input: the config targets reach the size
# maxConfigBytes allows, so a parser that is quadratic in its input shows up as a timeout]
targets=(
  "core org.bootlace.fuzz.PartitionTableFuzzTest mbr mbr"
  "core org.bootlace.fuzz.PartitionTableFuzzTest gpt512 gpt512"
  "core org.bootlace.fuzz.PartitionTableFuzzTest gpt4096 gpt4096"
  "core org.bootlace.fuzz.BootSourceFuzzTest disk core-disk"
  "core org.bootlace.fuzz.BootSourceFuzzTest guest core-guest"
  "core org.bootlace.fuzz.UkiFuzzTest uki uki"
  "fs-ext org.bootlace.fs.ext.fuzz.ExtFuzzTest walk ext"
  "grub-config org.bootlace.grub.legacy.fuzz.GrubLegacyFuzzTest menuLst grub-legacy 4194304"
  "grub-config org.bootlace.grub2.Grub2FuzzTest grubCfg grub2 4194304"
  "grub-config org.bootlace.grub2.PosixRegexFuzzTest regexp regexp"
  "fs-iso9660 org.bootlace.fs.iso9660.fuzz.IsoFuzzTest walk iso9660"
  "fs-fat org.bootlace.fs.fat.fuzz.FatFuzzTest walk fat"
  "syslinux-config org.bootlace.syslinux.fuzz.SyslinuxFuzzTest config syslinux 4194304"
  "fs-btrfs org.bootlace.fs.btrfs.fuzz.BtrfsFuzzTest walk btrfs"
  "volumes org.bootlace.volume.fuzz.VolumeFuzzTest lvmMetadata lvm-metadata"
  "volumes org.bootlace.volume.fuzz.VolumeFuzzTest lvmPv lvm-pv"
  "volumes org.bootlace.volume.fuzz.VolumeFuzzTest mdMember md"
  "fs-xfs org.bootlace.fs.xfs.fuzz.XfsFuzzTest walk xfs"
  "kernel org.bootlace.kernel.fuzz.KernelFuzzTest inspect kernel"
  "systemd-boot-config org.bootlace.sdboot.fuzz.SystemdBootFuzzTest entry systemd-boot 4194304"
  "examples org.bootlace.hostile.ResolverFuzzTest resolve resolver"
  "image-formats org.bootlace.image.fuzz.ImageFormatFuzzTest qcow2 qcow2"
  "image-formats org.bootlace.image.fuzz.ImageFormatFuzzTest vhd vhd"
  "image-formats org.bootlace.image.fuzz.ImageFormatFuzzTest vhdx vhdx"
  "image-formats org.bootlace.image.fuzz.ImageFormatFuzzTest vmdk vmdk"
  "pxe org.bootlace.pxe.PxeFuzzTest dhcp pxe-dhcp"
  "pxe org.bootlace.pxe.PxeFuzzTest dhcpClient pxe-dhcp-client"
  "pxe org.bootlace.pxe.PxeFuzzTest tftp pxe-tftp"
  "pxe org.bootlace.pxe.PxeFuzzTest tftpClient pxe-tftp-client"
  "pxe org.bootlace.pxe.ipxe.IpxeFuzzTest script pxe-ipxe 4194304"
)

selected() {
  [ $# -eq 1 ] && return 0
  local name=$1; shift
  for word in "$@"; do [[ $name == *"$word"* ]] && return 0; done
  return 1
}

logs=target/fuzz
mkdir -p "$logs"
found=0
summary=()
for t in "${targets[@]}"; do
  read -r module class method name maxlen <<<"$t"
  selected "$name" "$@" || continue
  inputs="$module/src/test/resources/$(dirname "${class//.//}")/${class##*.}Inputs/$method"
  mkdir -p "$inputs"
  before=$(find "$inputs" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' \) | sort)
  log="$logs/$name.log"
  echo "fuzz: $name ($module ${class##*.}#$method) for ${seconds}s; log in $log"
  start=$(date +%s)
  # jazzer.internal.arg.*: libFuzzer flags after the annotation's own, so these win: the time
  # budget, and a per-input timeout (a CPU loop that never reads the image, which the deadline
  # in Limits cannot see). Every org.bootlace class is instrumented, not just the module's own.
  JAZZER_FUZZ=1 JAZZER_INSTRUMENT='org.bootlace.**' \
    mvn -o -B -pl "$module" test \
      -Dtest="$class#$method" -Dsurefire.failIfNoSpecifiedTests=false \
      -Djazzer.internal.arg.0=fuzz \
      -Djazzer.internal.arg.1=-max_total_time="$seconds" \
      -Djazzer.internal.arg.2=-timeout=30 \
      ${maxlen:+-Djazzer.internal.arg.3=-max_len=$maxlen} \
      -DargLine=-Xmx1g >"$log" 2>&1
  status=$?
  took=$(($(date +%s) - start))
  after=$(find "$inputs" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' \) | sort)
  new=$(comm -13 <(echo "$before") <(echo "$after") | sed '/^$/d')
  runs=$(grep -aoE '#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -1 | grep -oE '[0-9]+' | head -1)
  if [ -n "$new" ]; then
    found=1
    summary+=("$name: FINDING after ${took}s (${runs:-?} runs): $(echo "$new" | tr '\n' ' ')")
    echo "$new" | sed 's/^/  input: /'
    grep -aE '^(== Java Exception|Caused by|\s+at org\.bootlace)' "$log" | head -20 | sed 's/^/  /'
  elif [ $status -ne 0 ]; then
    found=1
    summary+=("$name: FAILED without a finding (mvn exit $status); see $log")
    grep -aE '^\[ERROR\]' "$log" | head -10 | sed 's/^/  /'
  else
    summary+=("$name: nothing found in ${took}s (${runs:-?} runs)")
  fi
done

echo "fuzz: summary"
printf '  %s\n' "${summary[@]}"
exit $found
