#!/usr/bin/env bash
# Memory bounds of flow tracking and TCP reassembly under a SYN flood (bench/make-flood-pcap.py): FLOWS distinct
# flows, twice the default flow cap, mixed with the segments of 64 connections sent in random order with their
# first segment missing, so reassembly holds all it can. NetZer reads the file with --dump-streams (flows and
# reassembly on) while VmRSS is sampled from /proc every 0.2 s. It shows, from NetZer's closing counters:
#   - flows held never exceed the cap, and every flow created ended for one counted reason;
#   - out-of-order bytes held never exceed the reassembly cap;
#   - every stream byte of the file was reassembled, seen again after a skip, or dropped at the cap;
#   - RSS once the table and the pool are full stays flat: the anonymous part (heap, off-heap pool) over the last
#     40% of the samples. VmRSS also counts the pages of the capture file NetZer maps, which grow as it is read.
# usage: bench/flow-memory.sh [FLOWS] [REASSEMBLY_MEMORY]   (defaults 2000000, twice the default flow cap, and
# 32M: the 64 connections cannot hold more than 64 MiB under the 1 MiB per-flow cap, so the 256M default total cap
# is shown at a smaller size)
# NETZER=command runs another launcher than ./netzer.
set -euo pipefail
home=$(cd "$(dirname "$0")/.." && pwd)
flows=${1:-2000000}
memory=${2:-32M}
netzer=${NETZER:-$home/netzer}
work="$home/target/bench"
file="$work/flood-$flows.pcap"
mkdir -p "$work"
if [ ! -f "$file" ] || [ ! -f "$file.totals" ]; then
    # 64 connections of 1000 segments: 1.4 MB each, past the 1 MiB per-flow cap; 92 MB in all.
    python3 "$home/bench/make-flood-pcap.py" "$file" "$flows" 64 1000 >"$file.totals"
fi
read -r _ packets _ total_flows _ stream_bytes <"$file.totals"
$netzer --version >/dev/null

streams=$(mktemp -d)
log=$(mktemp)
rss=$(mktemp)
trap 'rm -rf "$streams" "$log" "$rss"' EXIT
args=(-r "$file" --dump-streams "$streams")
if [ "$memory" != 256M ]; then
    args+=(--reassembly-memory "$memory")
fi
$netzer "${args[@]}" 2>"$log" &
pid=$!
# The launcher execs the JVM, so the PID is NetZer's own.
while kill -0 "$pid" 2>/dev/null; do
    awk '/^VmRSS/ { total = $2 } /^RssAnon/ { anon = $2 } END { if (anon) print anon, total }' \
        "/proc/$pid/status" 2>/dev/null >>"$rss" || true
    sleep 0.2
done
wait "$pid"

line() { grep "$1" "$log"; }
field() { sed -n "s/.*[ (]\([0-9][0-9]*\) $1.*/\1/p" <<<"$2" | head -1; }
flow_line=$(line ' flows: ')
byte_line=$(line ' stream bytes reassembled: ')
created=${flow_line%% flows:*}
timed_out=$(field 'timed out' "$flow_line")
closed=$(field 'closed' "$flow_line")
evicted=$(field 'evicted' "$flow_line")
open_at_end=$(field 'open at the end' "$flow_line")
peak_flows=$(field 'held at most' "$flow_line")
delivered=${byte_line%% stream bytes*}
retransmitted=$(field 'retransmitted' "$byte_line")
dropped=$(field 'dropped at the reassembly cap' "$byte_line")
forced=$(field 'skipped early' "$byte_line")
peak_held=$(field 'bytes held out of order' "$byte_line")
cap_bytes=$(numfmt --from=iec "$memory")

echo "file: $file ($packets packets, $total_flows flows, $stream_bytes stream bytes in out-of-order segments)"
cat "$log"
echo
printf 'flows held at most:          %12s  (cap 1000000)\n' "$peak_flows"
printf 'flows created:               %12s  = timed out %s + closed %s + evicted %s + open at the end %s\n' \
    "$created" "$timed_out" "$closed" "$evicted" "$open_at_end"
printf 'out-of-order bytes held:     %12s  at most (cap %s)\n' "$peak_held" "$cap_bytes"
printf 'stream bytes in the file:    %12s  = reassembled %s + seen again after a skip %s + dropped %s\n' \
    "$stream_bytes" "$delivered" "$retransmitted" "$dropped"
printf '  of the skipped gaps, bytes skipped early at a cap: %s\n' "$forced"
samples=$(wc -l <"$rss")
awk -v n="$samples" 'NR > n * 0.6 { if (min == "" || $1 < min) min = $1; if ($1 > max) max = $1 }
    END { printf "RssAnon, last 40%% of %d samples: %.0f to %.0f MiB (spread %.1f%%)\n", n, min / 1024, max / 1024,
          (max - min) * 100 / max }' "$rss"
awk 'NR % 5 == 1 { a = a sprintf("%.0f ", $1 / 1024); t = t sprintf("%.0f ", $2 / 1024) }
    END { print "RssAnon every 1 s: " a "MiB"; print "VmRSS   every 1 s: " t "MiB" }' "$rss"

status=0
[ "$peak_flows" -le 1000000 ] || { echo "FAIL: more flows held than the cap"; status=1; }
[ "$created" -eq $((timed_out + closed + evicted + open_at_end)) ] || { echo "FAIL: flows unaccounted"; status=1; }
[ "$created" -eq "$total_flows" ] || { echo "FAIL: $created flows created, the file has $total_flows"; status=1; }
[ "$peak_held" -le "$cap_bytes" ] || { echo "FAIL: reassembly held more than its cap"; status=1; }
[ "$stream_bytes" -eq $((delivered + retransmitted + dropped)) ] || { echo "FAIL: stream bytes unaccounted"; status=1; }
exit $status
