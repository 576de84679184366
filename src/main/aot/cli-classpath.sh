# The class path of the command line, sourced by ./netzer and make-aot-cache.sh, which must agree on it: an AOT
# cache is used only with the class path it was made with. Outside --serve NetZer runs without Quarkus, so it needs
# from the application directory (target/quarkus-app) only its own jar, picocli, jackson-core (NDJSON's string
# escaping) and quarkus-core (the interface NetzerApplication implements), all on the JVM's application class
# loader, whose classes the AOT cache holds (it holds none of Quarkus's own class loader).

# Sets NETZER_CLI_CLASSPATH for the application directory $1; empty when a jar is missing.
netzer_cli_classpath() {
    local pattern jars
    NETZER_CLI_CLASSPATH=""
    for pattern in "app/netzer-*.jar" "lib/main/info.picocli.picocli-*.jar" \
            "lib/main/com.fasterxml.jackson.core.jackson-core-*.jar" "lib/main/io.quarkus.quarkus-core-[0-9]*.jar"; do
        jars=("$1"/$pattern)
        if [ ! -f "${jars[0]:-}" ]; then
            NETZER_CLI_CLASSPATH=""
            return 0
        fi
        NETZER_CLI_CLASSPATH+=${NETZER_CLI_CLASSPATH:+:}${jars[0]}
    done
}
