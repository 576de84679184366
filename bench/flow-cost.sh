#!/usr/bin/env bash
# The cost of flow analysis (flow table, TCP reassembly, app parsers, flow and app events) per packet, from
# whole-process wall times on the large mixed capture (bench/make-mixed-pcap.py, fixed seed):
#   netzer -r F --events flow,tls,dns,http --json          flows and app events only
#   netzer -r F --events packet,flow,tls,dns,http --json   the same plus every packet event
# against the dissection-only runs
#   netzer -r F --json                                     packet events
#   netzer -r F -q                                         text lines, less detail
# Each is the best of RUNS (default 3) runs, output to /dev/null. The machine may be shared: read the figures
# as best-of-N on a noisy machine, not as a lab measurement.
# usage: bench/flow-cost.sh [PACKETS] [RUNS]   (default 1000000 3; the file is cached under target/bench)
set -euo pipefail
home=$(cd "$(dirname "$0")/.." && pwd)
packets=${1:-1000000}
runs=${2:-3}
file="$home/target/bench/mixed-$packets.pcap"
mkdir -p "$(dirname "$file")"
[ -f "$file" ] || python3 "$home/bench/make-mixed-pcap.py" "$file" "$packets"
"$home/netzer" --version >/dev/null   # builds the application first if needed, outside the timings

seconds() {   # best wall time of $runs runs of a command, in seconds
    local best="" t
    for _ in $(seq "$runs"); do
        t=$( { TIMEFORMAT=%R; time "$@" >/dev/null 2>&1; } 2>&1 )
        if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
    done
    echo "$best"
}

per_packet() { awk -v a="$1" -v b="$2" -v n="$packets" 'BEGIN { printf "%+.0f ns", (a - b) * 1e9 / n }'; }
rate() { awk -v n="$packets" -v s="$1" 'BEGIN { printf "%.0f", n / s }'; }

echo "file: $file ($packets packets, $(du -h "$file" | cut -f1)); best of $runs runs each"
json=$(seconds "$home/netzer" -r "$file" --json)
quick=$(seconds "$home/netzer" -r "$file" -q)
flows=$(seconds "$home/netzer" -r "$file" --events flow,tls,dns,http --json)
both=$(seconds "$home/netzer" -r "$file" --events packet,flow,tls,dns,http --json)
printf '%-52s %8s s %10s packets/s\n' "netzer -r F --json" "$json" "$(rate "$json")"
printf '%-52s %8s s %10s packets/s\n' "netzer -r F -q" "$quick" "$(rate "$quick")"
printf '%-52s %8s s %10s packets/s\n' "netzer -r F --events flow,tls,dns,http --json" "$flows" "$(rate "$flows")"
printf '%-52s %8s s %10s packets/s\n' "netzer -r F --events packet,flow,tls,dns,http --json" "$both" "$(rate "$both")"
echo "flow analysis per packet, packet events kept (packet,flow,... vs --json): $(per_packet "$both" "$json")"
echo "flow events instead of packet events (flow,tls,dns,http vs --json):      $(per_packet "$flows" "$json")"
echo "flow events instead of text lines (flow,tls,dns,http vs -q):            $(per_packet "$flows" "$quick")"
