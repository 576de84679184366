#!/usr/bin/env bash
# Start-up of the command-line tool: whole-process wall time of `netzer -r` on a one-packet file beside
# `tcpdump -r` on it, as the mean of RUNS runs each; with an AOT cache (JDK 25, JEP 483/514) when asked.
# usage: bench/startup.sh [RUNS]
set -euo pipefail
home=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-10}
file="$home/target/bench/one-packet.pcap"
mkdir -p "$(dirname "$file")"
[ -f "$file" ] || python3 "$home/bench/make-mixed-pcap.py" "$file" 1 2>/dev/null
"$home/netzer" --version >/dev/null   # build first, outside the timings
java_home=${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-25* | head -n 1)}
jar="$home/target/quarkus-app/quarkus-run.jar"
aot="$home/target/bench/netzer-startup.aot"

mean() {   # mean wall time in milliseconds of RUNS runs of a command
    local total=0 start end
    for _ in $(seq "$runs"); do
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1
        end=$(date +%s%N)
        total=$((total + end - start))
    done
    echo $((total / runs / 1000000))
}

# One training run writes the AOT cache (classes loaded and linked, profiles) for the runs after it.
"$java_home/bin/java" --enable-native-access=ALL-UNNAMED -XX:AOTCacheOutput="$aot" -Xlog:disable \
    -Xlog:all=error:stderr -jar "$jar" -r "$file" >/dev/null 2>&1

launcher=$(mean "$home/netzer" -r "$file")
plain=$(mean "$java_home/bin/java" --enable-native-access=ALL-UNNAMED -jar "$jar" -r "$file")
cached=$(mean "$java_home/bin/java" --enable-native-access=ALL-UNNAMED -XX:AOTCache="$aot" -Xlog:disable \
    -Xlog:all=error:stderr -jar "$jar" -r "$file")
tcpdump=$(mean tcpdump -r "$file")
echo "netzer (launcher)     ${launcher} ms"
echo "netzer (java -jar)    ${plain} ms"
echo "netzer (AOT cache)    ${cached} ms"
echo "tcpdump -r            ${tcpdump} ms"
