#!/usr/bin/env bash
# Start-up of the command-line tool: whole-process wall time of a one-packet file read (text to /dev/null) by
# ./netzer (the command line's class path and the build's AOT cache), by the same JVM without the cache, by
# `java -jar quarkus-run.jar` (Quarkus's launcher, as the container image runs), and by `tcpdump -r`; RUNS runs each,
# interleaved so that a change in the machine's load hits them alike. Prints the wall time's mean, standard
# deviation and minimum, the mean CPU time (user + system, all threads) and the ratio of the mean wall time to
# tcpdump's, with the load average: other work on the machine inflates every figure, wall time most.
# usage: bench/startup.sh [RUNS]
set -euo pipefail
home=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-10}
file="$home/target/bench/one-packet.pcap"
mkdir -p "$(dirname "$file")"
[ -f "$file" ] || python3 "$home/bench/make-mixed-pcap.py" "$file" 1 2>/dev/null
"$home/netzer" --version >/dev/null   # build first, outside the timings
java_home=${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-25* | head -n 1)}
java=("$java_home/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC)
app="$home/target/quarkus-app"
source "$home/src/main/aot/cli-classpath.sh"
netzer_cli_classpath "$app"

names=("./netzer" "./netzer, no AOT cache" "java -jar quarkus-run.jar" "tcpdump -r")
commands=("$home/netzer -r $file"
    "${java[*]} -cp $NETZER_CLI_CLASSPATH io.netzer.cli.NetzerApplication -r $file"
    "${java[*]} -jar $app/quarkus-run.jar -r $file"
    "tcpdump -r $file")
declare -a wall cpu
TIMEFORMAT='%3R %3U %3S'
for _ in $(seq "$runs"); do
    for i in "${!commands[@]}"; do
        read -r real user sys < <({ time ${commands[$i]} >/dev/null 2>&1; } 2>&1)
        wall[i]+="$real "
        cpu[i]+="$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') "
    done
done

stats() {   # mean, standard deviation and minimum in ms of the samples in seconds in $1
    tr ' ' '\n' <<<"$1" | awk 'NF { n++; s += $1; ss += $1 * $1; if (min == "" || $1 < min) min = $1 }
        END { m = s / n; v = ss / n - m * m; printf "%.0f %.0f %.0f\n", m * 1000, sqrt(v > 0 ? v : 0) * 1000, min * 1000 }'
}
read -r tcpdump_mean _ _ <<<"$(stats "${wall[3]}")"
echo "start-up, one-packet file, $runs runs each, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for i in "${!commands[@]}"; do
    read -r mean sd min <<<"$(stats "${wall[$i]}")"
    read -r cpu_mean _ _ <<<"$(stats "${cpu[$i]}")"
    ratio=$(awk -v a="$mean" -v b="$tcpdump_mean" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
    printf '%-26s wall mean %5d ms  sd %4d  min %5d  cpu %5d ms  %5sx tcpdump\n' "${names[$i]}" "$mean" "$sd" \
        "$min" "$cpu_mean" "$ratio"
done
