# Sourced by the benches: mixed_capture PACKETS prints the path of the benches' mixed capture of PACKETS packets
# (target/bench/mixed-PACKETS.pcap), making it first when it is missing (bench/make-mixed-pcap.py, fixed seed, so the
# same bytes on every machine). Needs $home, the repository's root.
mixed_capture() {
    local file="$home/target/bench/mixed-$1.pcap"
    mkdir -p "$(dirname "$file")"
    [ -f "$file" ] || python3 "$home/bench/make-mixed-pcap.py" "$file" "$1" >&2
    echo "$file"
}
