#!/usr/bin/env bash
# Makes an AOT cache (JDK 25, JEP 483/514/515: classes loaded and linked, method profiles) from a training run.
# By default the caches ./netzer uses, as the last step of `./mvnw package`: the command line on its class path
# (cli-classpath.sh) runs io.netzer.cli.AotTraining twice. For CACHE, the file runs: a capture read as text, NDJSON
# with every event and pcap through a filter, the help and a usage error; it holds their classes but no method
# profiles (-XX:-AOTRecordTraining): the JVM replays a cache's profiles as early compiles, and the training's mix of
# outputs and protocols made C2 compile the worker's loop with all of it inlined and again after traps on branches
# the training never took, so a file run cost more CPU with those profiles than without (README, "Benchmarks").
# For CACHE's name with -live (made only as
# root, quietly left out otherwise), live captures as pcap and as NDJSON of datagrams it sends itself, on the lo of a
# network namespace of its own (never the machine's interfaces). Each kind of run has its own cache since the method
# profiles of the other mislead the JIT: a file run started with the live loop's profiles costs more CPU than one
# with the file runs' alone (README, "Benchmarks"). With MODE "jar",
# the container image's (Dockerfile.jvm): Quarkus's launcher (java -jar JAR) reads the capture as NDJSON with every
# event; the cache then holds the classes of the JDK and of Quarkus's boot class path (those of Quarkus's own class
# loader cannot be cached), which --serve loads too. It trains on the corpus's capture of many protocols when the
# corpus is there (../shared/corpus), else on a one-packet capture (a TCP SYN) written here. A failed training run
# leaves no cache and fails nothing: the application runs the same without one, only slower to start.
# usage: make-aot-cache.sh JAVA JAR CACHE CORPUS_DIR [MODE]
set -uo pipefail
java=$1 jar=$2 cache=$3 corpus=$4 mode=${5:-cli}
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
# make_cache CACHE QUIET JAVA_ARGUMENTS...: one training run with the launcher's and the image's JVM options (a cache
# made with others, another collector, is not used); says so on stderr when it makes none, unless QUIET.
make_cache() {
    local cache=$1 quiet=$2
    shift 2
    if "$java" --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC -XX:AOTCacheOutput="$cache.tmp" -Xlog:disable \
            -Xlog:all=error:stderr "$@" >/dev/null 2>&1 && [ -s "$cache.tmp" ]; then
        mv -f "$cache.tmp" "$cache"
    else
        rm -f "$cache.tmp" "$cache"
        [ -n "$quiet" ] ||
            echo "netzer: no AOT cache made (the training run failed); start-up is slower without one" >&2
    fi
}

if [ "$mode" = jar ]; then
    make_cache "$cache" "" -jar "$jar" -r "$training" --events packet,flow,tls,dns,http --json --output /dev/null
else
    source "$(dirname "$0")/cli-classpath.sh"
    netzer_cli_classpath "$(dirname "$jar")"
    make_cache "$cache" "" -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining -cp "$NETZER_CLI_CLASSPATH" \
        io.netzer.cli.AotTraining file "$training"
    live=${cache%.aot}-live.aot
    if [ "$(id -u)" = 0 ]; then
        make_cache "$live" quiet -cp "$NETZER_CLI_CLASSPATH" io.netzer.cli.AotTraining live
    else
        rm -f "$live"
    fi
fi
[ -z "$written" ] || rm -f "$written"
exit 0
