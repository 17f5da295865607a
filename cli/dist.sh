#!/usr/bin/env bash
# Makes what a Xen host installs: a tarball holding the launcher, the jars with their fixed class
# path, and the sample image the launcher's training runs use. Unpack it anywhere (say /opt) and
# run `bootlace --version` once as the user that owns the directory (root at install time): the
# launcher then builds the class data sharing archive for that host's own JDK, and rebuilds it by
# itself whenever the JDK changes or the directory moves. No Maven on the host; the JDK (17 or later) is all it needs.
#
#   cli/dist.sh [OUTPUT]     (default: cli/target/bootlace-dist.tar.gz)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-cli/target/bootlace-dist.tar.gz}"
./bootlace --version >/dev/null # builds the jars and the class path file if needed
version="$(./bootlace --version | sed 's/^bootlace //; s/[^A-Za-z0-9._-]/_/g')"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
top="$stage/bootlace-$version"
mkdir -p "$top/cli/target/lib" "$top/examples/sample"
cp bootlace LICENSE README.md "$top/"
cp cli/target/bootlace-cli.jar cli/target/bootlace.classpath "$top/cli/target/"
cp cli/target/lib/*.jar "$top/cli/target/lib/"
cp --sparse=always examples/sample/sample.img "$top/examples/sample/"
touch "$top/cli/target/.bootlace-built"
mkdir -p "$(dirname "$out")"
tar -C "$stage" --sparse -czf "$out" "bootlace-$version"
echo "$out"
