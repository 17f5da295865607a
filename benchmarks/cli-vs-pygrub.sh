#!/usr/bin/env bash
# Whole commands side by side: `./bootlace pygrub` against Xen's pygrub on the same images, run
# alternately in paired rounds (the order flips every round), medians of wall and CPU time (user +
# system of the command and its children) and the ratios bootlace / pygrub. Outputs are compared
# before anything is timed.
#
#   benchmarks/cli-vs-pygrub.sh [ROUNDS] [BATCH_IMAGES]     (defaults: 15 rounds, 200 images)
#
# Images, built here with the real tools:
#   debian   a Debian-12-shaped disk: MBR, one ext4 partition holding /boot with a grub.cfg in
#            grub-mkconfig's shape (search by UUID, submenu, savedefault) and a grubenv made by
#            grub-editenv; small kernel and initrd
#   big      an ext2 filesystem (no partition table) with a 24 MiB kernel and a 90 MiB initrd
#            behind a GRUB legacy menu.lst, for extraction; `cp` of the same two files is the floor
#   batch    BATCH_IMAGES small images (the Debian disk and the sample guest, alternately):
#            one pygrub process per image against one `bootlace resolve --json` for them all
# Needs: e2fsprogs, fdisk (sfdisk), grub-common (grub-editenv), xen-utils-4.17 (pygrub), JDK 17.
# Prints a Markdown table; nothing else is written outside benchmarks/target.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-15}"
batch_images="${2:-200}"
pygrub=/usr/lib/xen-4.17/bin/pygrub
[[ -x "$pygrub" ]] || { echo "needs pygrub: apt-get install xen-utils-4.17" >&2; exit 1; }
work="$PWD/benchmarks/target/cli-vs-pygrub"
rm -rf "$work"
mkdir -p "$work"
export E2FSPROGS_FAKE_TIME=1700000000 SOURCE_DATE_EPOCH=1700000000

./bootlace --version >/dev/null # builds the launcher's jars (and whatever it prepares) first

# --- the Debian 12 shaped GRUB 2 disk
uuid=3e8a1c52-7d4f-4b9e-a1c3-5f2e8d7b6a90
mkdir -p "$work/deb/boot/grub"
cp grub-config/src/test/resources/org/bootlace/grub2/Grub2FuzzTestInputs/grubCfg/debian.cfg \
  "$work/deb/boot/grub/grub.cfg"
grub-editenv "$work/deb/boot/grub/grubenv" create
grub-editenv "$work/deb/boot/grub/grubenv" set saved_entry=0
for v in 6.1.0-18-amd64 6.1.0-17-amd64; do
  { echo "kernel $v"; head -c 300000 /dev/zero | tr '\0' 'K'; } > "$work/deb/boot/vmlinuz-$v"
  { echo "initrd $v"; head -c 200000 /dev/zero | tr '\0' 'I'; } > "$work/deb/boot/initrd.img-$v"
done
mkdir -p "$work/deb/etc" && echo debian > "$work/deb/etc/hostname"
mke2fs -q -F -t ext4 -U "$uuid" -L root -d "$work/deb" "$work/deb-fs.img" 12M >/dev/null
truncate -s 16M "$work/debian.img"
printf 'label: dos\nstart=2048, size=24576, type=83, bootable\n' | sfdisk -q "$work/debian.img"
dd if="$work/deb-fs.img" of="$work/debian.img" bs=512 seek=2048 conv=notrunc,sparse status=none
rm -f "$work/deb-fs.img"

# --- the big ext2 filesystem
mkdir -p "$work/big/boot/grub"
head -c $((24 * 1024 * 1024)) /dev/urandom > "$work/big/boot/vmlinuz"
head -c $((90 * 1024 * 1024)) /dev/urandom > "$work/big/boot/initrd.img"
printf 'default 0\ntimeout 0\ntitle big\nroot (hd0)\nkernel /boot/vmlinuz root=/dev/xvda ro\ninitrd /boot/initrd.img\n' \
  > "$work/big/boot/grub/menu.lst"
mke2fs -q -F -t ext2 -d "$work/big" "$work/big.img" 130M >/dev/null

# --- the batch folder
mkdir -p "$work/batch"
for i in $(seq 1 "$batch_images"); do
  src="$work/debian.img"
  (( i % 2 == 0 )) && src=examples/sample/sample.img
  cp --sparse=always "$src" "$work/batch/$(printf 'guest-%03d.img' "$i")"
done

# --- outputs first: the same answers or no numbers
mkdir -p "$work/out-p" "$work/out-b" "$work/out-cp"
same() { # label, then the two outputs
  [[ "$2" == "$3" ]] || { printf 'outputs differ (%s):\npygrub:   %s\nbootlace: %s\n' "$1" "$2" "$3" >&2; exit 1; }
}
# GRUB joins a command's words with single spaces, as bootlace does; pygrub keeps the line's own
# spacing (grub-mkconfig writes "ro  quiet"): compare with runs of spaces squeezed.
same "-q -n debian" "$("$pygrub" -q -n "$work/debian.img" 2>/dev/null | tr -s ' ')" \
  "$(./bootlace pygrub -q -n "$work/debian.img" 2>/dev/null | tr -s ' ')"
strip() { sed 's|'"$work"'/out-[pb]||g; s/boot_\(kernel\|ramdisk\)\.[A-Za-z0-9_]*/X/g'; }
same "-q big" \
  "$("$pygrub" -q --output-format=simple --output-directory="$work/out-p" "$work/big.img" 2>/dev/null | strip)" \
  "$(./bootlace pygrub -q --output-format=simple --output-directory="$work/out-b" "$work/big.img" 2>/dev/null | strip)"
for k in kernel ramdisk; do
  cmp -s "$(ls "$work"/out-p/boot_$k.*)" "$(ls "$work"/out-b/boot_$k.*)" || { echo "extracted $k differs" >&2; exit 1; }
done
rm -f "$work"/out-p/* "$work"/out-b/*
batch_json=false
if ./bootlace resolve --json "$work/batch/guest-001.img" "$work/batch/guest-002.img" >/dev/null 2>&1; then
  batch_json=true
fi

# --- timing
# measure NAME CMD...: runs CMD once (stdout and stderr discarded) and appends "wall cpu" in
# milliseconds to $work/NAME.times. CPU is the children's user + system time from `times`.
measure() {
  local name="$1"
  shift
  (
    start="$EPOCHREALTIME"
    "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
    end="$EPOCHREALTIME"
    # The second line of `times` holds the children's user and system time: 0m0.123s 0m0.045s.
    # (`times` runs in this shell, not in a pipeline's subshell, whose children are none.)
    times > "$work/.times"
    sed -n 2p "$work/.times" | awk -v s="$start" -v e="$end" '
      function sec(t,  m) { m = t; sub(/m.*/, "", m); sub(/^[0-9]+m/, "", t); sub(/s$/, "", t); return m * 60 + t }
      { printf "%.1f %.1f\n", (e - s) * 1000, (sec($1) + sec($2)) * 1000 }'
  ) >> "$work/$name.times"
}
clean_out() { rm -f "$work"/out-p/* "$work"/out-b/* "$work"/out-cp/*; }
pygrub_batch() { for f in "$work"/batch/*.img; do "$pygrub" -q -n "$f" || return 1; done; }
cp_floor() { cp "$work/big/boot/vmlinuz" "$work/big/boot/initrd.img" "$work/out-cp/"; }

loadavg_start="$(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$rounds"); do
  pair=(p b)
  (( r % 2 == 0 )) && pair=(b p)
  for who in "${pair[@]}"; do
    if [[ $who == p ]]; then
      measure qn-p "$pygrub" -q -n "$work/debian.img"
      clean_out; measure x-p "$pygrub" -q --output-directory="$work/out-p" "$work/big.img"
      clean_out; measure x-cp cp_floor
      measure l-p "$pygrub" -l "$work/debian.img"
    else
      measure qn-b ./bootlace pygrub -q -n "$work/debian.img"
      clean_out; measure x-b ./bootlace pygrub -q --output-directory="$work/out-b" "$work/big.img"
      measure l-b ./bootlace pygrub -l "$work/debian.img"
    fi
  done
done
batch_rounds=$(( rounds < 5 ? rounds : 5 ))
if $batch_json; then
  for r in $(seq 1 "$batch_rounds"); do
    measure batch-p pygrub_batch
    measure batch-b ./bootlace resolve --json "$work"/batch/*.img
  done
fi
clean_out
loadavg_end="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- the table
median() { # column (1 wall, 2 cpu) of a .times file
  awk -v c="$1" '{ print $c }' "$2" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }
row() { # label, bootlace file, other file
  local bw bc pw pc
  bw="$(median 1 "$work/$2.times")"; bc="$(median 2 "$work/$2.times")"
  pw="$(median 1 "$work/$3.times")"; pc="$(median 2 "$work/$3.times")"
  printf '| %s | %s / %s ms | %s / %s ms | %s | %s |\n' "$1" "$bw" "$bc" "$pw" "$pc" \
    "$(ratio "$bw" "$pw")" "$(ratio "$bc" "$pc")"
}
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
jdk="$(java -version 2>&1 | head -n 2 | tail -n 1)"
echo "machine: $(nproc) cores, $cpu; $(uname -sr)"
echo "JDK: $jdk; Python: $(python3 --version 2>&1)"
echo "load average (1, 5, 15 min): $loadavg_start at start, $loadavg_end at end; $rounds paired rounds, medians"
echo
echo "| command | bootlace wall / CPU | pygrub (or \`cp\`) wall / CPU | ratio wall | ratio CPU |"
echo "| --- | --- | --- | --- | --- |"
row '`pygrub -q -n`, Debian 12 GRUB 2 disk' qn-b qn-p
row '`pygrub -l`, Debian 12 GRUB 2 disk' l-b l-p
row '`pygrub -q`, 24 MiB kernel + 90 MiB initrd from ext2' x-b x-p
row '`cp` of the same two files (the floor; bootlace / `cp`)' x-b x-cp
if $batch_json; then
  bw="$(median 1 "$work/batch-b.times")"; pw="$(median 1 "$work/batch-p.times")"
  bc="$(median 2 "$work/batch-b.times")"; pc="$(median 2 "$work/batch-p.times")"
  printf '| %s images: one `bootlace resolve --json` / one `pygrub -q -n` per image (%s rounds) | %s / %s ms | %s / %s ms | %s | %s |\n' \
    "$batch_images" "$batch_rounds" "$bw" "$bc" "$pw" "$pc" "$(ratio "$bw" "$pw")" "$(ratio "$bc" "$pc")"
  awk -v n="$batch_images" -v b="$bw" -v p="$pw" 'BEGIN {
    printf "\nbatch: bootlace %.0f images/s, pygrub %.1f images/s: %.1f× pygrub'"'"'s rate\n", n / b * 1000, n / p * 1000, p / b }'
else
  echo
  echo "batch: \`bootlace resolve --json IMAGE...\` does not take several images in this build; not measured"
fi
