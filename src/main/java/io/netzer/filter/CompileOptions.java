package io.netzer.filter;

/**
 * How to compile a filter.
 *
 * @param vlanInMetadata true for a live Linux socket, where the kernel strips the outer VLAN tag into skb
 *                       metadata, so {@code vlan} is tested with ancillary loads as libpcap does on Linux;
 *                       false for files, where tags are in the packet bytes
 * @param netmask        IPv4 netmask of the capture network for {@code ip broadcast}, 0 when unknown (files)
 * @param snaplen        bytes to accept from a matching packet (the value of the accepting RET)
 */
public record CompileOptions(boolean vlanInMetadata, int netmask, int snaplen) {
    /** tcpdump's default snapshot length. */
    public static final int DEFAULT_SNAPLEN = 262144;

    /** Options for reading a file: tags in the packet, netmask unknown, tcpdump's default snaplen. */
    public static CompileOptions forFile() {
        return new CompileOptions(false, 0, DEFAULT_SNAPLEN);
    }

    /** Options for a live Linux socket with the given netmask (0 if unknown) and snaplen. */
    public static CompileOptions forLive(int netmask, int snaplen) {
        return new CompileOptions(true, netmask, snaplen);
    }

    /** Validates the snaplen: the accepting RET must be non-zero. */
    public CompileOptions {
        if (snaplen <= 0) {
            throw new IllegalArgumentException("snaplen " + snaplen + " (expected > 0)");
        }
    }
}
