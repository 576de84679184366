#!/usr/bin/env bash
# Live capture throughput: trafgen in a private network namespace floods a veth pair with 64-byte UDP frames
# from one CPU; NetZer's reader (the worker, which reads the ring itself) runs pinned to the other CPU and reports
# packets/s, its CPU time per packet and kernel drops. Needs root; touches no interface of the machine.
#
#   bench/live-capture.sh [SECONDS] [GENERATOR_CPU] [READER_CPU] [BLOCK_SIZE] [BLOCK_COUNT] [RATE]
#   RATE: trafgen's -b (e.g. 200kpps... see trafgen(8)), or 0 for as fast as it can
set -euo pipefail
SECONDS_TO_RUN=${1:-5}
GEN_CPU=${2:-0}
READER_CPU=${3:-1}
BLOCK_SIZE=${4:-4194304}
BLOCK_COUNT=${5:-64}
RATE=${6:-0}
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}

ID=$(printf '%06x' $((RANDOM * 32768 + RANDOM)) | tail -c 6)
NS=nzb-$ID OUT=nzb${ID}o IN=nzb${ID}i
cleanup() {
    [[ -n ${GEN:-} ]] && kill "$GEN" 2>/dev/null || true
    ip link del "$OUT" 2>/dev/null || true
    ip netns del "$NS" 2>/dev/null || true
    rm -f "${CONF:-}"
}
trap cleanup EXIT

./mvnw -q -B -o test-compile >/dev/null

ip netns add "$NS"
ip link add "$OUT" type veth peer name "$IN"
ip link set "$IN" netns "$NS"
echo 1 > /proc/sys/net/ipv6/conf/"$OUT"/disable_ipv6
ip netns exec "$NS" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1
ip link set "$OUT" up
ip -n "$NS" link set "$IN" up
MAC_OUT=$(cat /sys/class/net/"$OUT"/address)
MAC_IN=$(ip netns exec "$NS" cat /sys/class/net/"$IN"/address)

CONF=$(mktemp --suffix=.trafgen)
cat > "$CONF" <<CFG
{ eth(da=$MAC_OUT, sa=$MAC_IN), ipv4(saddr=10.199.0.2, daddr=10.199.0.1),
  udp(sport=dinc(40000, 40063), dport=9999), fill(0x41, 18) }
CFG

RATE_ARG=()
[[ $RATE != 0 ]] && RATE_ARG=(-b "$RATE")
ip netns exec "$NS" taskset -c "$GEN_CPU" trafgen -q -i "$CONF" -o "$IN" -P 1 "${RATE_ARG[@]}" >/dev/null 2>&1 &
GEN=$!
sleep 0.5

echo "generator: trafgen on CPU $GEN_CPU${RATE_ARG[*]:+ at ${RATE}}, reader on CPU $READER_CPU," \
     "ring ${BLOCK_COUNT} x ${BLOCK_SIZE} B, ${SECONDS_TO_RUN} s"
taskset -c "$READER_CPU" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC \
    -cp target/classes:target/test-classes io.netzer.capture.LiveCaptureBench \
    "$OUT" "$SECONDS_TO_RUN" "$READER_CPU" "$BLOCK_SIZE" "$BLOCK_COUNT"
