#!/usr/bin/env bash
# Whole-process wall time of NetZer beside tshark and tcpdump on the same large capture, in one run:
#   netzer -r F --json   against  tshark -r F -T ek      (goal: NetZer at least 30 times tshark's rate)
#   netzer -r F          against  tcpdump -nn -r F      (goal: NetZer faster)
#   netzer -r F EXPR -w /dev/null  against  tcpdump -r F EXPR -w /dev/null   (reader, filter, writer and start-up;
#                                    issue #16's goal: at most twice tcpdump's wall time)
#   netzer -r F --json --workers 2  against  netzer -r F --json   (the speed-up of a second worker over one file)
# All output goes to /dev/null. The capture is made here, reproducibly (bench/make-mixed-pcap.py, fixed seed).
# usage: bench/file-throughput.sh [PACKETS]   (default 1000000; the file is cached under target/bench)
set -euo pipefail
home=$(cd "$(dirname "$0")/.." && pwd)
packets=${1:-1000000}
source "$home/bench/mixed-capture.sh"
file=$(mixed_capture "$packets")
"$home/netzer" --version >/dev/null   # builds the application first if needed, outside the timings

seconds() {   # best wall time of N runs of a command, in seconds
    local runs=$1 best="" t
    shift
    for _ in $(seq "$runs"); do
        t=$( { TIMEFORMAT=%R; time "$@" >/dev/null 2>&1; } 2>&1 )
        if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
    done
    echo "$best"
}

rate() { awk -v n="$packets" -v s="$1" 'BEGIN { printf "%.0f", n / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

echo "file: $file ($packets packets, $(du -h "$file" | cut -f1))"
netzer_json=$(seconds 3 "$home/netzer" -r "$file" --json)
tshark_ek=$(seconds 1 tshark -r "$file" -T ek)
netzer_text=$(seconds 3 "$home/netzer" -r "$file")
tcpdump_text=$(seconds 3 tcpdump -nn -r "$file")
filter='tcp port 443 or (udp and not port 53)'
netzer_filter=$(seconds 3 "$home/netzer" -r "$file" "$filter" -w /dev/null)
tcpdump_filter=$(seconds 3 tcpdump -r "$file" "$filter" -w /dev/null)
netzer_json2=$(seconds 3 "$home/netzer" -r "$file" --json --workers 2)

printf '%-28s %9s s %12s packets/s\n' "netzer -r F --json" "$netzer_json" "$(rate "$netzer_json")"
printf '%-28s %9s s %12s packets/s\n' "tshark -r F -T ek" "$tshark_ek" "$(rate "$tshark_ek")"
printf '%-28s %9s s %12s packets/s\n' "netzer -r F" "$netzer_text" "$(rate "$netzer_text")"
printf '%-28s %9s s %12s packets/s\n' "tcpdump -nn -r F" "$tcpdump_text" "$(rate "$tcpdump_text")"
printf '%-28s %9s s %12s packets/s\n' "netzer -r F EXPR -w null" "$netzer_filter" "$(rate "$netzer_filter")"
printf '%-28s %9s s %12s packets/s\n' "tcpdump -r F EXPR -w null" "$tcpdump_filter" "$(rate "$tcpdump_filter")"
printf '%-28s %9s s %12s packets/s\n' "netzer --json --workers 2" "$netzer_json2" "$(rate "$netzer_json2")"
echo "NDJSON: netzer is $(ratio "$tshark_ek" "$netzer_json") times tshark -T ek (goal: 30); $(rate "$netzer_json") packets/s (goal: 1500000)"
echo "text:   netzer is $(ratio "$tcpdump_text" "$netzer_text") times tcpdump -nn (goal: above 1)"
echo "workers: --workers 2 is $(ratio "$netzer_json" "$netzer_json2") times as fast as one worker for --json \
(load average now: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs)"
echo "filter: netzer takes $(ratio "$netzer_filter" "$tcpdump_filter") times tcpdump's wall time (goal: at most 2)"
