#!/usr/bin/env bash
# Makes an AOT cache (JDK 25, JEP 483/514/515: classes loaded and linked, method profiles) from one training run.
# By default the cache ./netzer uses, as the last step of `./mvnw package`: the command line on its class path
# (cli-classpath.sh) runs io.netzer.cli.AotTraining, which reads a capture as text, NDJSON with every event and pcap
# through a filter, captures on lo as pcap and as NDJSON when run as root (datagrams it sends itself, so that the
# cache holds the method profiles of the live loop), and prints the help and a usage error. With MODE "jar", the
# container image's (Dockerfile.jvm): Quarkus's launcher (java -jar JAR) reads the capture as NDJSON with every
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
if [ "$mode" = jar ]; then
    run=(-jar "$jar" -r "$training" --events packet,flow,tls,dns,http --json --output /dev/null)
else
    source "$(dirname "$0")/cli-classpath.sh"
    netzer_cli_classpath "$(dirname "$jar")"
    run=(-cp "$NETZER_CLI_CLASSPATH" io.netzer.cli.AotTraining file "$training" live)
fi
# The JVM options are the launcher's and the image's: a cache made with others (another collector) is not used.
if "$java" --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC -XX:AOTCacheOutput="$cache.tmp" -Xlog:disable \
        -Xlog:all=error:stderr "${run[@]}" >/dev/null 2>&1 && [ -s "$cache.tmp" ]; then
    mv -f "$cache.tmp" "$cache"
else
    rm -f "$cache.tmp" "$cache"
    echo "netzer: no AOT cache made (the training run failed); start-up is slower without one" >&2
fi
[ -z "$written" ] || rm -f "$written"
exit 0
