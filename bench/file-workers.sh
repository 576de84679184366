#!/usr/bin/env bash
# One worker against two over one file (-r F --workers N), for
#   netzer -r F --json                                    packet events
#   netzer -r F --events packet,flow,tls,dns,http --json  packet, flow and app events
# with output to /dev/null. Each run prints its wall time, every worker thread's CPU time (its schedstat, read until
# it ends: Java's main thread for one worker, netzer-worker-i for N) per packet it analysed and per packet of the
# file (each worker reads every record and lets the others' pass), the whole process's CPU (JIT and GC included),
# the packets each worker analysed (--debug) and the load average. The machine may be shared: compare runs taken in
# the same minutes, and CPU times more than wall times.
# usage: bench/file-workers.sh [PACKETS] [RUNS]   (default 1000000 3; the file is cached under target/bench)
set -euo pipefail
home=$(cd "$(dirname "$0")/.." && pwd)
packets=${1:-1000000}
runs=${2:-3}
source "$home/bench/mixed-capture.sh"
file=$(mixed_capture "$packets")
"$home/netzer" --version >/dev/null   # builds the application first if needed, outside the timings
ticks=$(getconf CLK_TCK)
err=$(mktemp)
trap 'rm -f "$err"' EXIT

run() {   # workers, then the arguments after -r F; prints one line
    local workers=$1 pid start end task name value process=0 line shares total main="" stat
    shift
    declare -A cpu=()
    start=$(date +%s%N)
    "$home/netzer" -r "$file" --workers "$workers" --debug "$@" >/dev/null 2>"$err" &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        for task in /proc/"$pid"/task/*; do
            read -r name 2>/dev/null <"$task/comm" || continue
            if [ "$workers" = 1 ] && [ -z "$main" ] && [ "$name" = java ] && [ "${task##*/}" != "$pid" ]; then
                main=$task   # Java's main thread, the one worker of a one-worker run
            fi
            if [ "$task" = "$main" ]; then
                name=main
            fi
            if [ "$name" = main ] || [[ $name == netzer-worker-* ]]; then
                read -r value _ 2>/dev/null <"$task/schedstat" && cpu[$name]=$value
            fi
        done
        read -r -a stat 2>/dev/null </proc/"$pid"/stat && process=$((stat[13] + stat[14]))
        sleep 0.02
    done
    wait "$pid"
    end=$(date +%s%N)
    shares=$(sed -n 's/^workers: packets analysed by each: \([0-9 ]*\) (each read.*/\1/p' "$err")
    [ -n "$shares" ] || shares=$packets
    line=$(printf 'workers %s  wall %5.2f s' "$workers" "$(awk -v a="$start" -v b="$end" 'BEGIN { print (b - a) / 1e9 }')")
    total=0
    local i=0
    for share in $shares; do
        name=main
        [ "$workers" = 1 ] || name=netzer-worker-$i
        value=${cpu[$name]}
        total=$((total + value))
        line+=$(printf '  w%d %4.0f ns/own %4.0f ns/file (%d own)' "$i" \
            "$(awk -v c="$value" -v n="$share" 'BEGIN { print c / n }')" \
            "$(awk -v c="$value" -v n="$packets" 'BEGIN { print c / n }')" "$share")
        i=$((i + 1))
    done
    line+=$(printf '  workers %4.0f ns/packet  process %4.0f ns/packet  load %s' \
        "$(awk -v c="$total" -v n="$packets" 'BEGIN { print c / n }')" \
        "$(awk -v t="$process" -v k="$ticks" -v n="$packets" 'BEGIN { print t / k * 1e9 / n }')" \
        "$(cut -d' ' -f1-3 /proc/loadavg)")
    echo "$line"
}

echo "file: $file ($packets packets, $(du -h "$file" | cut -f1)); $(nproc) CPUs"
for options in "--json" "--events packet,flow,tls,dns,http --json"; do
    echo "netzer -r F $options"
    for _ in $(seq "$runs"); do
        # shellcheck disable=SC2086
        run 1 $options
        # shellcheck disable=SC2086
        run 2 $options
    done
done
