#!/usr/bin/env bash
# Benchmarks Skein side by side with the official Node.js server and writes docs/benchmarks.md (with its
# plots and raw results in docs/benchmarks/). Usage: bench/run.sh [options] [scenario...]
#   scenarios: fanout chat idle storm crossnode push floor (default: all); options: see --help.
# Needs Java 17, Node 20 with npm, redis-server and gcc on the PATH; loopback only; about 25 minutes for
# everything on a 2-core machine. Do not run two benchmarks at once.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in java node npm redis-server gcc; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is missing (apt-get install redis-server gcc nodejs npm)" >&2; exit 2; }
done

echo "bench: building the server and the load generator"
./mvnw -q -B package -DskipTests -pl bench -am
echo "bench: installing the Node.js peer (bench/peer/package-lock.json)"
npm ci --prefix bench/peer --ignore-scripts --no-audit --no-fund --loglevel=error

# every process started from here (servers, the load generator) may hold up to 20,000 open files
ulimit -n 20000 2>/dev/null || echo "bench: could not raise the open-file limit (now $(ulimit -n))" >&2

exec java -Xms1g -Xmx2g -jar bench/target/skein-bench.jar --report docs/benchmarks.md --profile "$@"
