package io.netzer.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Live-socket VLAN mode against libpcap's own live program ({@code tcpdump -i lo -ddd}, which needs root):
 * both programs must agree on frames with zero, one or two tags in the packet and with or without a tag
 * in the skb metadata.
 */
class LiveVlanTest {
    @ParameterizedTest
    @ValueSource(strings = {"vlan", "vlan 10", "vlan 10 and ip", "vlan and vlan 20 and tcp port 80", "vlan or ip",
        "not vlan and tcp", "vlan 20 and host 10.0.0.2"})
    void shouldAgreeWithLibpcapsLiveProgram(String expression) throws Exception {
        BpfProgram libpcap = libpcapLiveProgram(expression);
        assumeTrue(libpcap != null, "tcpdump -i lo -d needs root and the lo interface; skipping");
        BpfInterpreter theirs = new BpfInterpreter(libpcap);
        BpfInterpreter ours = new BpfInterpreter(
                FilterCompiler.compile(expression, 1, CompileOptions.forLive(0, 262144)));
        for (byte[] frame : frames()) {
            for (int tci : new int[] {-1, 10, 20, 0x300a}) {
                theirs.setVlanMetadata(tci >= 0, Math.max(tci, 0));
                ours.setVlanMetadata(tci >= 0, Math.max(tci, 0));
                assertEquals(theirs.run(frame, frame.length) != 0, ours.run(frame, frame.length) != 0,
                        () -> expression + " on a frame of " + frame.length + " bytes, metadata TCI " + tci);
            }
        }
    }

    /** The SYN frame with no tag, one tag (10 or 20, 802.1Q or 802.1ad) and two tags. */
    private static List<byte[]> frames() {
        byte[] plain = BpfInterpreterTest.tcpSyn();
        List<byte[]> frames = new ArrayList<>(List.of(plain));
        for (String outer : new String[] {"81 00 00 0a", "88 a8 00 14", "81 00 00 14"}) {
            byte[] once = tag(plain, outer);
            frames.add(once);
            frames.add(tag(once, "81 00 00 14"));
        }
        return frames;
    }

    /** Inserts a 4-byte tag (TPID, TCI) after the MAC addresses. */
    private static byte[] tag(byte[] frame, String tagHex) {
        byte[] tag = BpfInterpreterTest.bytes(tagHex);
        byte[] tagged = new byte[frame.length + 4];
        System.arraycopy(frame, 0, tagged, 0, 12);
        System.arraycopy(tag, 0, tagged, 12, 4);
        System.arraycopy(frame, 12, tagged, 16, frame.length - 12);
        return tagged;
    }

    private static BpfProgram libpcapLiveProgram(String expression) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("tcpdump", "-i", "lo", "-ddd", "--", expression)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return null;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0 || output.isBlank()) {
            return null;
        }
        return BpfDumperTest.parseDdd(output);
    }
}
