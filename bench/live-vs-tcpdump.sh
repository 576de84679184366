#!/usr/bin/env bash
# Live capture beside tcpdump on the same traffic, in one run: trafgen in a private network namespace floods a
# veth pair with 64-byte UDP frames at its top rate (pinned to one CPU); each capture runs in turn for SECONDS,
# pinned to the other CPU, and reports packets captured, kernel drops, and CPU seconds (run time of all threads of the
# capturing process, counted from the moment it listens) per million packets, for NetZer also without its JIT and
# split by thread (the worker, which reads its ring itself, JIT compiler, the rest), with the load average before and
# after:
#   netzer -w FILE          against  tcpdump -w FILE        (goal: zero drops, CPU per packet at most half of tcpdump's)
#   netzer --json            (full dissection and NDJSON, to a file and to /dev/null: the file's run adds the
#                            kernel's copy of every line into the page cache; goal: zero drops, at most 300 ns a
#                            packet to /dev/null)
#   netzer --events packet,flow,tls,dns,http --json to /dev/null, on traffic of many flows (goal: zero drops, at
#                            most 1 us a packet), then again on real captures of the corpus replayed by tcpreplay
# trafgen sends 64 flows (one address pair, 64 source ports) for the first runs; for the events run it is started
# again to vary the source address's last octet over 251 values as well: 251 x 64 = 16,064 flows, each seen
# again every 16,064 packets, so that the flow table works as on a busy link rather than on one hot entry.
# Needs root; touches no interface of the machine.
# usage: bench/live-vs-tcpdump.sh [SECONDS] [GENERATOR_CPU] [READER_CPU]
# LIVE_BENCH_RUNS=events runs only the two events runs, LIVE_BENCH_RUNS=corpus only the corpus replay (the same rows
# as in the whole bench, in minutes less).
set -euo pipefail
seconds=${1:-10}
gen_cpu=${2:-0}
reader_cpu=${3:-1}
runs=${LIVE_BENCH_RUNS:-all}
case $runs in
    all | events | corpus) ;;
    *) echo "LIVE_BENCH_RUNS must be all, events or corpus, not $runs" >&2; exit 2 ;;
esac
home=$(cd "$(dirname "$0")/.." && pwd)
"$home/netzer" --version >/dev/null   # build first, outside the timings
id=$(printf '%05x' $((RANDOM * 32 + RANDOM % 32)))
ns=nzv-$id out=nzv${id}o in=nzv${id}i
work=$(mktemp -d)
: >"$work/summary"
cleanup() {
    [[ -n ${gen:-} ]] && kill "$gen" 2>/dev/null || true
    ip link del "$out" 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

ip netns add "$ns"
ip link add "$out" type veth peer name "$in"
ip link set "$in" netns "$ns"
echo 1 > /proc/sys/net/ipv6/conf/"$out"/disable_ipv6
ip netns exec "$ns" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1
ip link set "$out" up
ip -n "$ns" link set "$in" up
eth="eth(da=$(cat /sys/class/net/"$out"/address), sa=$(ip netns exec "$ns" cat /sys/class/net/"$in"/address))"
# stop_generator: stops the running generator, trafgen or tcpreplay
stop_generator() {
    if [[ -n ${gen:-} ]]; then
        # trafgen's parent waits for its sending child and does not pass a SIGTERM on: both are stopped
        kill $(cat /proc/"$gen"/task/*/children 2>/dev/null) "$gen" 2>/dev/null || true
        wait "$gen" 2>/dev/null || true
    fi
}

# generate SOURCE_ADDRESS: (re)starts trafgen's flood of 64-byte UDP frames from SOURCE_ADDRESS (trafgen's syntax)
generate() {
    stop_generator
    echo "{ $eth, ipv4(saddr=$1, daddr=10.199.0.1), udp(sport=dinc(40000, 40063), dport=9999), fill(0x41, 18) }" \
        >"$work/udp.trafgen"
    ip netns exec "$ns" taskset -c "$gen_cpu" trafgen -q -i "$work/udp.trafgen" -o "$in" -P 1 >/dev/null 2>&1 &
    gen=$!
    sleep 1
}
generate 10.199.0.2

# One "TID NAME NANOSECONDS" line per thread of process $1 (NAME with spaces as _): CPU time from schedstat (exact
# run time; /proc/PID/stat's ticks are sampled, and a thread that wakes on the kernel's timer, as a ring's capture
# thread does, is charged whole ticks). Read with shell builtins only: a command per thread (cat, cut) made a
# snapshot take long enough on a loaded machine for the JVM's start-up tail to fall between two of them.
threads_ns() {
    local t name ns rest
    for t in /proc/"$1"/task/*; do
        read -r name 2>/dev/null <"$t/comm" || continue
        read -r ns rest 2>/dev/null <"$t/schedstat" || continue
        echo "${t##*/} ${name// /_} $ns"
    done
}

# cpu_ns SNAPSHOT [NAME]: the CPU nanoseconds of a threads_ns snapshot, of the threads whose name contains NAME
cpu_ns() {
    awk -v k="${2:-}" 'k == "" || index($2, k) { t += $3 } END { printf "%.0f\n", t }' "$1"
}

# thread_split START END PACKETS: CPU ns per packet by thread between two snapshots (a thread started after the
# first counts whole): where a NetZer run spends it (the worker, the JIT, the rest)
thread_split() {
    awk -v c="$3" 'FNR == NR { s[$1] = $3; next }
        { g = $2 ~ /^netzer-worker/ ? "w" : $2 ~ /CompilerThre/ ? "j" : "o"
          n[g] += $3 - s[$1] }
        END { printf "    ns per packet by thread: worker %.0f, JIT compiler %.0f, other %.0f\n",
                     n["w"] / c, n["j"] / c, n["o"] / c }' "$1" "$2"
}

# run NAME READY_PATTERN COMMAND...: runs the capture for $seconds after it reports READY_PATTERN on stderr; its
# standard output goes to a file in $work, or where $stdout names.
run() {
    local name=$1 ready=$2 pid start end jit_start jit_end captured dropped
    shift 2
    taskset -c "$reader_cpu" "$@" >"${stdout:-$work/$name.out}" 2>"$work/$name.err" &
    pid=$!
    until grep -q "$ready" "$work/$name.err" 2>/dev/null; do sleep 0.05; done
    threads_ns "$pid" >"$work/threads.start"
    sleep "$seconds"
    threads_ns "$pid" >"$work/threads.end"
    start=$(cpu_ns "$work/threads.start") jit_start=$(cpu_ns "$work/threads.start" CompilerThre)
    end=$(cpu_ns "$work/threads.end") jit_end=$(cpu_ns "$work/threads.end" CompilerThre)
    kill -TERM "$pid"   # not INT: a background job of a script starts with SIGINT ignored
    wait "$pid" || true
    captured=$(sed -n 's/^\([0-9]*\) packets captured$/\1/p' "$work/$name.err")
    dropped=$(sed -n 's/^\([0-9]*\) packets dropped by kernel$/\1/p' "$work/$name.err")
    awk -v n="$name" -v c="$captured" -v d="$dropped" -v t="$((end - start))" -v j="$((jit_end - jit_start))" \
        -v s="$seconds" 'BEGIN { printf "%-22s %11d captured %9d dropped %9.0f packets/s %8.3f CPU s per million packets",
                 n, c, d, c / s, (t / 1e9) / (c / 1e6)
                 if (j > 0) printf " (%.3f without the JIT compiler)", ((t - j) / 1e9) / (c / 1e6)
                 printf "\n" }'
    [[ $name == netzer* ]] && thread_split "$work/threads.start" "$work/threads.end" "$captured"
    echo "$name $captured $dropped $((end - start)) $((jit_end - jit_start))" >>"$work/summary"   # "netzer -w": two words
}

echo "trafgen on CPU $gen_cpu at its top rate, captures pinned to CPU $reader_cpu, $seconds s each;" \
     "load average $(cut -d' ' -f1-3 /proc/loadavg) (figures vary with it: compare runs of a quiet machine)"
if [[ $runs == all ]]; then
    run "netzer -w" "listening on" "$home/netzer" -i "$out" -w "$work/netzer.pcap"
    run "tcpdump -w" "listening on" tcpdump -i "$out" -w "$work/tcpdump.pcap"
    run "netzer --json to file" "listening on" "$home/netzer" -i "$out" --json
    stdout=/dev/null run "netzer --json to null" "listening on" "$home/netzer" -i "$out" --json
fi
if [[ $runs != corpus ]]; then
    generate "10.199.0.2, saddr[3]=dinc(1, 251)"
    stdout=/dev/null run "netzer --events to null" "listening on" "$home/netzer" -i "$out" \
        --events packet,flow,tls,dns,http --json
fi
# The same events run on real traffic: captures of the corpus with TLS handshakes (certificates in clear), HTTP,
# DNS and QUIC, read in place and replayed by tcpreplay at its top rate in a loop, every loop with other IP
# addresses (--unique-ip), so that the app parsers do their share, which trafgen's empty UDP flows leave out.
corpus=$home/../shared/corpus/pcaps
replayed=(pcpp-many-protocols.pcap pcpp-tls2.pcap suricata-tls-subjectaltname.pcap pcpp-DnsPackets.pcap
          zeek-http-pipelined-requests.pcap zeek-quic-multiple-initial-fragmented-crypto.pcap zeek-tls-tls1.2.pcap)
if [[ -d $corpus ]] && command -v tcpreplay >/dev/null; then
    stop_generator
    ip netns exec "$ns" taskset -c "$gen_cpu" tcpreplay -q --topspeed --preload-pcap --loop=0 --unique-ip \
        -i "$in" "${replayed[@]/#/$corpus/}" >/dev/null 2>&1 &
    gen=$!
    sleep 1
    stdout=/dev/null run "netzer --events corpus replay" "listening on" "$home/netzer" -i "$out" \
        --events packet,flow,tls,dns,http --json
else
    echo "netzer --events corpus replay: skipped (needs tcpreplay and the corpus at $corpus)"
fi
awk '$1 == "netzer" && $2 == "-w" { n = $5 / $3; s = ($5 - $6) / $3 } $1 == "tcpdump" { t = $5 / $3 }
     END { if (t > 0) printf "CPU per packet, netzer -w / tcpdump -w: %.2f (goal: at most 0.5); %.2f without" \
                             " JIT compilation\n", n / t, s / t }' "$work/summary"
awk '$2 == "--json" && $4 == "null" { printf "CPU per packet, netzer --json to /dev/null: %.0f ns (goal: at most 300)\n", $7 / $5 }
     $2 == "--events" { printf "CPU per packet, netzer --events packet,flow,tls,dns,http --json to /dev/null," \
                               " %s: %.0f ns (goal: at most 1,000), %d kernel drops (goal: none)\n",
                               $3 == "corpus" ? "corpus replayed" : "trafgen", $7 / $5, $6 }' "$work/summary"
echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
