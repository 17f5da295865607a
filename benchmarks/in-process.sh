#!/usr/bin/env bash
# In-process numbers for every image kind the tests build: open + resolve, warm, one thread
# (ResolveBenchmark, JMH, average time per operation). The images come from make-images.sh.
#
#   benchmarks/in-process.sh [WARMUP_ITERATIONS] [ITERATIONS]     (defaults: 10 and 5, 1 s each;
#   fewer warm-up iterations leave the GRUB 2 evaluator still compiling on a loaded machine)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests -pl benchmarks -am package
images="$(benchmarks/make-images.sh benchmarks/target/images)"
cp="benchmarks/target/bootlace-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*"
echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo "JDK: $(java -version 2>&1 | head -n 2 | tail -n 1)"
echo "load average (1, 5, 15 min) at start: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$cp" org.openjdk.jmh.Main -wi "${1:-10}" -i "${2:-5}" -w 1s -r 1s -f 1 \
  -p image="$images" ResolveBenchmark.openAndResolve > benchmarks/target/in-process.txt 2>&1 || true
rows="$(grep -c '^ResolveBenchmark.openAndResolve' benchmarks/target/in-process.txt || true)"
if [[ "$rows" != "$(tr ',' '\n' <<<"$images" | wc -l)" ]]; then
  echo "some image did not resolve (benchmarks/target/in-process.txt):" >&2
  grep -B2 -A8 'Exception\|<failure>' benchmarks/target/in-process.txt >&2 || true
  exit 1
fi
sed -n '/^Benchmark/,$p' benchmarks/target/in-process.txt | sed "s|$PWD/benchmarks/target/images/||"
echo "load average (1, 5, 15 min) at end: $(cut -d' ' -f1-3 /proc/loadavg)"
