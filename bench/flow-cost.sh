#!/usr/bin/env bash
# The cost of flow analysis (flow table, TCP reassembly, app parsers, flow and app events) per packet, from
# whole-process wall times on the large mixed capture (bench/make-mixed-pcap.py, fixed seed):
#   netzer -r F --events flow,tls,dns,http --json          flows and app events only
#   netzer -r F --events packet,flow,tls,dns,http --json   the same plus every packet event
# against the dissection-only runs
#   netzer -r F --json                                     packet events
#   netzer -r F -q                                         text lines, less detail
# Each is the best of RUNS (default 3) runs, output to /dev/null. The machine may be shared: read the figures
# as best-of-N on a noisy machine, not as a lab measurement. Beside each wall time: the CPU time of the worker
# thread alone (its schedstat, read until it ends; the file path runs one worker, Java's main thread) per packet,
# minus the same over a one-packet file, which the JIT compiler's threads and the load move less than wall time.
# usage: bench/flow-cost.sh [PACKETS] [RUNS]   (default 1000000 3; the file is cached under target/bench)
set -euo pipefail
home=$(cd "$(dirname "$0")/.." && pwd)
packets=${1:-1000000}
runs=${2:-3}
source "$home/bench/mixed-capture.sh"
file=$(mixed_capture "$packets")
single=$(mixed_capture 1)
"$home/netzer" --version >/dev/null   # builds the application first if needed, outside the timings

seconds() {   # best wall time of $runs runs of a command, in seconds
    local best="" t
    for _ in $(seq "$runs"); do
        t=$( { TIMEFORMAT=%R; time "$@" >/dev/null 2>&1; } 2>&1 )
        if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
    done
    echo "$best"
}

worker_ns() {   # CPU nanoseconds of the worker thread (the first thread after the JVM's own) of one run
    local pid task worker="" last=0 value
    "$@" >/dev/null 2>&1 &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        if [ -z "$worker" ]; then
            for task in /proc/"$pid"/task/*; do
                if [ "${task##*/}" != "$pid" ] && [ "$(cat "$task/comm" 2>/dev/null)" = java ]; then
                    worker=$task
                    break
                fi
            done
        fi
        if [ -n "$worker" ] && read -r value _ 2>/dev/null <"$worker/schedstat"; then
            last=$value
        fi
        sleep 0.005
    done
    wait "$pid" || true
    echo "$last"
}

worker_per_packet() {   # least worker CPU of $runs runs, minus the same over one packet, in ns a packet
    local best="" t one
    for _ in $(seq "$runs"); do
        t=$(worker_ns "$home/netzer" -r "$file" "$@")
        if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
    done
    one=$(worker_ns "$home/netzer" -r "$single" "$@")
    awk -v a="$best" -v b="$one" -v n="$packets" 'BEGIN { printf "%.0f", (a - b) / (n - 1) }'
}

per_packet() { awk -v a="$1" -v b="$2" -v n="$packets" 'BEGIN { printf "%+.0f ns", (a - b) * 1e9 / n }'; }
rate() { awk -v n="$packets" -v s="$1" 'BEGIN { printf "%.0f", n / s }'; }

echo "file: $file ($packets packets, $(du -h "$file" | cut -f1)); best of $runs runs each; load $(cut -d' ' -f1-3 /proc/loadavg)"
row() {   # label, then the arguments after -r F
    local label=$1
    shift
    last_wall=$(seconds "$home/netzer" -r "$file" "$@")
    last_worker=$(worker_per_packet "$@")
    printf '%-52s %8s s %10s packets/s %6s ns/packet worker CPU\n' "$label" "$last_wall" "$(rate "$last_wall")" \
        "$last_worker"
}
row "netzer -r F --json" --json; json=$last_wall; json_worker=$last_worker
row "netzer -r F -q" -q; quick=$last_wall
row "netzer -r F --events flow,tls,dns,http --json" --events flow,tls,dns,http --json; flows=$last_wall
row "netzer -r F --events packet,flow,tls,dns,http --json" --events packet,flow,tls,dns,http --json; both=$last_wall
echo "worker CPU added by flows and app events to packet events (packet,flow,... vs --json): \
$((last_worker - json_worker)) ns a packet"
echo "flow analysis per packet, packet events kept (packet,flow,... vs --json): $(per_packet "$both" "$json")"
echo "flow events instead of packet events (flow,tls,dns,http vs --json):      $(per_packet "$flows" "$json")"
echo "flow events instead of text lines (flow,tls,dns,http vs -q):            $(per_packet "$flows" "$quick")"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
