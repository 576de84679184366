package io.netzer.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The dumper prints exactly what tcpdump 4.99.3 / libpcap 1.10.3 print for the same instructions. */
class BpfDumperTest {
    /** {@code tcpdump -ddd -y EN10MB 'tcp port 80'}, one "code jt jf k" per instruction. */
    private static final String TCP_PORT_80_DDD = """
            20
            40 0 0 12
            21 0 6 34525
            48 0 0 20
            21 0 15 6
            40 0 0 54
            21 12 0 80
            40 0 0 56
            21 10 11 80
            21 0 10 2048
            48 0 0 23
            21 0 8 6
            40 0 0 20
            69 6 0 8191
            177 0 0 14
            72 0 0 14
            21 2 0 80
            72 0 0 16
            21 0 1 80
            6 0 0 262144
            6 0 0 0
            """;

    /** {@code tcpdump -d -y EN10MB 'tcp port 80'}. */
    private static final String TCP_PORT_80_D = """
            (000) ldh      [12]
            (001) jeq      #0x86dd          jt 2\tjf 8
            (002) ldb      [20]
            (003) jeq      #0x6             jt 4\tjf 19
            (004) ldh      [54]
            (005) jeq      #0x50            jt 18\tjf 6
            (006) ldh      [56]
            (007) jeq      #0x50            jt 18\tjf 19
            (008) jeq      #0x800           jt 9\tjf 19
            (009) ldb      [23]
            (010) jeq      #0x6             jt 11\tjf 19
            (011) ldh      [20]
            (012) jset     #0x1fff          jt 19\tjf 13
            (013) ldxb     4*([14]&0xf)
            (014) ldh      [x + 14]
            (015) jeq      #0x50            jt 18\tjf 16
            (016) ldh      [x + 16]
            (017) jeq      #0x50            jt 18\tjf 19
            (018) ret      #262144
            (019) ret      #0
            """;

    static BpfProgram parseDdd(String ddd) {
        String[] lines = ddd.strip().split("\n");
        int n = Integer.parseInt(lines[0].strip());
        int[] code = new int[n];
        int[] jt = new int[n];
        int[] jf = new int[n];
        int[] k = new int[n];
        for (int i = 0; i < n; i++) {
            String[] fields = lines[i + 1].strip().split(" ");
            code[i] = Integer.parseInt(fields[0]);
            jt[i] = Integer.parseInt(fields[1]);
            jf[i] = Integer.parseInt(fields[2]);
            k[i] = (int) Long.parseLong(fields[3]);
        }
        return BpfProgram.of(code, jt, jf, k);
    }

    @Test
    void shouldPrintMnemonicsLikeTcpdumpD() {
        assertEquals(TCP_PORT_80_D, BpfDumper.dump(parseDdd(TCP_PORT_80_DDD), 1));
    }

    @Test
    void shouldPrintCInitializersLikeTcpdumpDd() {
        String dd = BpfDumper.dump(parseDdd(TCP_PORT_80_DDD), 2);
        assertEquals("{ 0x28, 0, 0, 0x0000000c },\n{ 0x15, 0, 6, 0x000086dd },\n", dd.substring(0, 56));
        assertEquals("{ 0x6, 0, 0, 0x00040000 },\n{ 0x6, 0, 0, 0x00000000 },\n", dd.substring(dd.length() - 54));
    }

    @Test
    void shouldPrintDecimalLikeTcpdumpDdd() {
        assertEquals(TCP_PORT_80_DDD, BpfDumper.dump(parseDdd(TCP_PORT_80_DDD), 3));
    }

    @Test
    void shouldPrintEveryOperationAsLibpcapNamesIt() {
        // The opcodes of tcpdump -ddd for an expression using every ALU operation, as tcpdump -d prints them.
        BpfProgram program = BpfProgram.of(
                new int[] {0x94, 0xa4, 0x84, 0x3c, 0x6c, 0x74, 0x24, 0x14, 0x04, 0x44, 0x5c, 0x07, 0x87, 0x01, 0x61,
                        0x02, 0x03, 0x60, 0x80, 0x00, 0x30, 0x30, 0x05, 0x25, 0x35, 0x16, 0x81},
                new int[27], new int[27],
                new int[] {3, 5, 0, 0, 0, 2, 3, 4, 5, 8, 0, 0, 0, 7, 9, 9, 1, 9, 0, 0, 0xfffff030, 0xfffff02c, 1, 0, 0,
                        0, 0});
        String expected = """
                (000) mod      #3
                (001) xor      #0x5
                (002) neg     \s
                (003) div      x
                (004) lsh      x
                (005) rsh      #2
                (006) mul      #3
                (007) sub      #4
                (008) add      #5
                (009) or       #0x8
                (010) and      x
                (011) tax     \s
                (012) txa     \s
                (013) ldx      #0x7
                (014) ldx      M[9]
                (015) st       M[9]
                (016) stx      M[1]
                (017) ld       M[9]
                (018) ld       #pktlen
                (019) ld       #0x0
                (020) ldb      [vlanp]
                (021) ldb      [vlan_tci]
                (022) ja       24
                (023) jgt      #0x0             jt 24\tjf 24
                (024) jge      #0x0             jt 25\tjf 25
                (025) ret     \s
                (026) ldx      #pktlen
                """;
        assertEquals(expected, BpfDumper.dump(program, 1));
    }

    /**
     * On a live Ethernet socket the direction is the packet type the kernel keeps beside each frame, read with
     * an ancillary load: {@code tcpdump -d -i lo outbound} (libpcap 1.10.3).
     */
    @Test
    void shouldReadTheDirectionOfALiveFrameFromThePacketType() {
        String expected = """
                (000) ldh      [type]
                (001) jeq      #0x4             jt 2\tjf 3
                (002) ret      #262144
                (003) ret      #0
                """;
        BpfProgram program = FilterCompiler.compile("outbound", 1, CompileOptions.forLive(0, 262144));
        assertEquals(expected, BpfDumper.dump(program, 1));
    }

    /** {@code tcpdump -d -r zeek-linux_dlt_sll2.pcap outbound}: the packet type at byte 10 of the SLL2 header. */
    @Test
    void shouldReadTheDirectionOfACookedV2FrameFromItsHeader() {
        String expected = """
                (000) ldb      [10]
                (001) jeq      #0x4             jt 2\tjf 3
                (002) ret      #262144
                (003) ret      #0
                """;
        assertEquals(expected, BpfDumper.dump(FilterCompiler.compile("outbound", 276, CompileOptions.forFile()), 1));
    }
}
