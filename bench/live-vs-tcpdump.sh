#!/usr/bin/env bash
# Live capture beside tcpdump on the same traffic, in one run: trafgen in a private network namespace floods a
# veth pair with 64-byte UDP frames at its top rate (pinned to one CPU); each capture runs in turn for SECONDS,
# pinned to the other CPU, and reports packets captured, kernel drops, and CPU seconds (run time of all threads of the
# capturing process, counted from the moment it listens) per million packets, for NetZer also without its JIT:
#   netzer -w FILE          against  tcpdump -w FILE        (goal: zero drops, CPU per packet at most tcpdump's)
#   netzer --json >/dev/null (full dissection and NDJSON; goal: zero drops)
# Needs root; touches no interface of the machine.
# usage: bench/live-vs-tcpdump.sh [SECONDS] [GENERATOR_CPU] [READER_CPU]
set -euo pipefail
seconds=${1:-10}
gen_cpu=${2:-0}
reader_cpu=${3:-1}
home=$(cd "$(dirname "$0")/.." && pwd)
"$home/netzer" --version >/dev/null   # build first, outside the timings
id=$(printf '%05x' $((RANDOM * 32 + RANDOM % 32)))
ns=nzv-$id out=nzv${id}o in=nzv${id}i
work=$(mktemp -d)
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
cat > "$work/udp.trafgen" <<CFG
{ eth(da=$(cat /sys/class/net/"$out"/address), sa=$(ip netns exec "$ns" cat /sys/class/net/"$in"/address)),
  ipv4(saddr=10.199.0.2, daddr=10.199.0.1), udp(sport=dinc(40000, 40063), dport=9999), fill(0x41, 18) }
CFG
ip netns exec "$ns" taskset -c "$gen_cpu" trafgen -q -i "$work/udp.trafgen" -o "$in" -P 1 >/dev/null 2>&1 &
gen=$!
sleep 1

# CPU nanoseconds of every thread of process $1 (schedstat: exact run time; /proc/PID/stat's ticks are sampled,
# and a thread that wakes on the kernel's timer, as a ring's capture thread does, is charged whole ticks);
# with a second argument, only threads whose name contains it
cpu_ns() {
    local t total=0
    for t in /proc/"$1"/task/*; do
        if [ -z "${2:-}" ] || [[ $(cat "$t/comm" 2>/dev/null) == *"$2"* ]]; then
            total=$((total + $(cut -d' ' -f1 "$t/schedstat" 2>/dev/null || echo 0)))
        fi
    done
    echo "$total"
}

# run NAME READY_PATTERN COMMAND...: runs the capture for $seconds after it reports READY_PATTERN on stderr.
run() {
    local name=$1 ready=$2 pid start end jit_start jit_end captured dropped
    shift 2
    taskset -c "$reader_cpu" "$@" >"$work/$name.out" 2>"$work/$name.err" &
    pid=$!
    until grep -q "$ready" "$work/$name.err" 2>/dev/null; do sleep 0.05; done
    start=$(cpu_ns "$pid") jit_start=$(cpu_ns "$pid" CompilerThre)
    sleep "$seconds"
    end=$(cpu_ns "$pid") jit_end=$(cpu_ns "$pid" CompilerThre)
    kill -TERM "$pid"   # not INT: a background job of a script starts with SIGINT ignored
    wait "$pid" || true
    captured=$(sed -n 's/^\([0-9]*\) packets captured$/\1/p' "$work/$name.err")
    dropped=$(sed -n 's/^\([0-9]*\) packets dropped by kernel$/\1/p' "$work/$name.err")
    awk -v n="$name" -v c="$captured" -v d="$dropped" -v t="$((end - start))" -v j="$((jit_end - jit_start))" \
        -v s="$seconds" 'BEGIN { printf "%-22s %11d captured %9d dropped %9.0f packets/s %8.3f CPU s per million packets",
                 n, c, d, c / s, (t / 1e9) / (c / 1e6)
                 if (j > 0) printf " (%.3f without the JIT compiler)", ((t - j) / 1e9) / (c / 1e6)
                 printf "\n" }'
    echo "$name $captured $dropped $((end - start)) $((jit_end - jit_start))" >>"$work/summary"   # "netzer -w": two words
}

echo "trafgen on CPU $gen_cpu at its top rate, captures pinned to CPU $reader_cpu, $seconds s each"
run "netzer -w" "listening on" "$home/netzer" -i "$out" -w "$work/netzer.pcap"
run "tcpdump -w" "listening on" tcpdump -i "$out" -w "$work/tcpdump.pcap"
run "netzer --json" "listening on" "$home/netzer" -i "$out" --json
awk '$1 == "netzer" && $2 == "-w" { n = $5 / $3; s = ($5 - $6) / $3 } $1 == "tcpdump" { t = $5 / $3 }
     END { if (t > 0) printf "CPU per packet, netzer -w / tcpdump -w: %.2f (goal: at most 1); %.2f without JIT compilation\n",
                             n / t, s / t }' "$work/summary"
