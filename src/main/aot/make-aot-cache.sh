#!/usr/bin/env bash
# Makes the AOT cache (JDK 25, JEP 483/514/515: classes loaded and linked, method profiles) that ./netzer uses, as
# the last step of `./mvnw package`: one training run of the command line on its class path (cli-classpath.sh),
# io.netzer.cli.AotTraining, which reads a capture as text, NDJSON with every event and pcap, and prints the help
# and a usage error. It trains on the corpus's capture of many protocols when the corpus is there
# (../shared/corpus), else on a one-packet capture (a TCP SYN) written here. A failed training run leaves no cache
# and does not fail the build: the application runs the same without one, only slower to start.
# usage: make-aot-cache.sh JAVA JAR CACHE CORPUS_DIR
set -uo pipefail
java=$1 jar=$2 cache=$3 corpus=$4
training="$corpus/pcaps/pcpp-many-protocols.pcap"
written=""
if [ ! -r "$training" ]; then
    training=$(mktemp) written=$training
    printf '\xd4\xc3\xb2\xa1\x02\x00\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff\x00\x00\x01\x00\x00\x00' >"$training"
    printf '\x00\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x36\x00\x00\x00' >>"$training"
    printf '\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x08\x00' >>"$training"
    printf '\x45\x00\x00\x28\x00\x01\x00\x00\x40\x06\x00\x00\xc0\x00\x02\x01\xc0\x00\x02\x02' >>"$training"
    printf '\x9c\x40\x01\xbb\x00\x00\x00\x01\x00\x00\x00\x00\x50\x02\xff\xff\x00\x00\x00\x00' >>"$training"
fi
source "$(dirname "$0")/cli-classpath.sh"
netzer_cli_classpath "$(dirname "$jar")"
# The JVM options are the launcher's: a cache made with others (another collector) would not be used.
if [ -n "$NETZER_CLI_CLASSPATH" ] && "$java" --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC \
        -XX:AOTCacheOutput="$cache.tmp" -Xlog:disable -Xlog:all=error:stderr -cp "$NETZER_CLI_CLASSPATH" \
        io.netzer.cli.AotTraining "$training" >/dev/null 2>&1 && [ -s "$cache.tmp" ]; then
    mv -f "$cache.tmp" "$cache"
else
    rm -f "$cache.tmp" "$cache"
    echo "netzer: no AOT cache made (the training run failed); start-up is slower without one" >&2
fi
[ -z "$written" ] || rm -f "$written"
exit 0
