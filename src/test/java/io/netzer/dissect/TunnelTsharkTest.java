package io.netzer.dissect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netzer.export.AddressFormat;
import io.netzer.testing.LinkTypeFrames;
import io.netzer.testing.Tools;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inner five-tuple and the outer addresses of every kind of tunnel, against tshark's decode of the same
 * generated capture: tshark's last occurrence of {@code ip.src}, {@code tcp.srcport}, ... is the innermost
 * packet's, its first occurrence of the outer family's address the outermost header's. The VLAN ids of a frame,
 * its own tags and those of an Ethernet frame inside a tunnel, in the order tshark's decode meets them.
 */
class TunnelTsharkTest {
    @TempDir
    Path directory;

    /** What NetZer decodes, in the columns the tshark command below prints. */
    private static String netzerFields(Dissector d) {
        TunnelStack t = d.tunnels();
        String outer = address(t.segment(0), t.outerSourceOffset(0), t.outerVersion(0)) + ","
                + address(t.segment(0), t.outerDestinationOffset(0), t.outerVersion(0));
        String inner;
        if (d.has(Dissector.IPV4)) {
            inner = ipv4(d.ipv4().sourceAddress()) + "," + ipv4(d.ipv4().destinationAddress());
        } else {
            inner = address(d.ipv6().segment(), d.ipv6().sourceAddressOffset(), 6) + ","
                    + address(d.ipv6().segment(), d.ipv6().destinationAddressOffset(), 6);
        }
        String ports = d.has(Dissector.TCP) ? "tcp," + d.tcp().sourcePort() + "," + d.tcp().destinationPort()
                : "udp," + d.udp().sourcePort() + "," + d.udp().destinationPort();
        return outer + "|" + inner + "|" + ports;
    }

    private static String address(MemorySegment segment, long offset, int version) {
        if (version == 4) {
            return ipv4(Wire.i32(segment, offset));
        }
        char[] text = new char[64];
        return new String(text, 0, AddressFormat.ipv6(segment, offset, text, 0));
    }

    private static String ipv4(int address) {
        char[] text = new char[16];
        return new String(text, 0, AddressFormat.ipv4(address, text, 0));
    }

    @Test
    void shouldAgreeWithTsharkOnTheInnerFiveTupleAndTheOuterAddresses() throws IOException, InterruptedException {
        Tools.require("tshark");
        List<byte[]> frames = TunnelFrames.all();
        Path file = directory.resolve("tunnels.pcap");
        Files.write(file, LinkTypeFrames.pcap(LinkType.ETHERNET, frames));
        Tools.Result result = Tools.run("tshark", "-r", file.toString(), "-d", "udp.port==8472,vxlan",
                "-T", "fields", "-E", "occurrence=f", "-E", "separator=,",
                "-e", "ip.src", "-e", "ip.dst", "-e", "ipv6.src", "-e", "ipv6.dst", "-e", "frame.protocols");
        Tools.Result last = Tools.run("tshark", "-r", file.toString(), "-d", "udp.port==8472,vxlan",
                "-T", "fields", "-E", "occurrence=l", "-E", "separator=,",
                "-e", "ip.src", "-e", "ip.dst", "-e", "ipv6.src", "-e", "ipv6.dst",
                "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "udp.srcport", "-e", "udp.dstport",
                "-e", "frame.protocols");
        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals(0, last.exitCode(), last.stderr());
        String[] firstLines = result.stdout().split("\n");
        String[] lastLines = last.stdout().split("\n");
        Dissector dissector = new Dissector();
        for (int i = 0; i < frames.size(); i++) {
            assertEquals(0, dissector.dissect(Frames.packet(LinkType.ETHERNET, frames.get(i))), "frame " + i);
            assertEquals(tshark(firstLines[i], lastLines[i]), netzerFields(dissector), "frame " + (i + 1));
        }
    }

    @Test
    void shouldAgreeWithTsharkOnTheVlanTagsOfTheFrameAndOfTheFrameInsideATunnel()
            throws IOException, InterruptedException {
        Tools.require("tshark");
        List<byte[]> frames = TunnelFrames.all();
        Path file = directory.resolve("tagged.pcap");
        Files.write(file, LinkTypeFrames.pcap(LinkType.ETHERNET, frames));
        Tools.Result result = Tools.run("tshark", "-r", file.toString(), "-d", "udp.port==8472,vxlan",
                "-T", "fields", "-E", "aggregator=;", "-E", "separator=|",
                "-e", "vlan.id", "-e", "ieee8021ad.id", "-e", "frame.protocols");
        assertEquals(0, result.exitCode(), result.stderr());
        String[] lines = result.stdout().split("\n");
        Dissector dissector = new Dissector();
        int tagged = 0;
        for (int i = 0; i < frames.size(); i++) {
            assertEquals(0, dissector.dissect(Frames.packet(LinkType.ETHERNET, frames.get(i))), "frame " + i);
            List<String> ids = new ArrayList<>();
            for (int tag = 0; tag < dissector.vlanCount(); tag++) {
                ids.add(Integer.toString(dissector.vlanId(tag)));
            }
            List<String> expected = tsharkTags(lines[i]);
            assertEquals(expected, ids, "frame " + (i + 1));
            tagged += dissector.vlanCount() > dissector.outerVlanCount() ? 1 : 0;
        }
        assertEquals(4, tagged, "frames with tags inside a tunnel");
    }

    /**
     * tshark's VLAN ids in frame order: 802.1Q tags are in {@code vlan.id}, 802.1ad tags in {@code ieee8021ad.id};
     * {@code frame.protocols} says in which order they came.
     */
    private static List<String> tsharkTags(String line) {
        String[] columns = line.split("\\|", -1);
        Deque<String> dot1q = new ArrayDeque<>(columns[0].isEmpty() ? List.of() : List.of(columns[0].split(";")));
        Deque<String> dot1ad = new ArrayDeque<>(columns[1].isEmpty() ? List.of() : List.of(columns[1].split(";")));
        List<String> tags = new ArrayList<>();
        for (String protocol : columns[2].split(":")) {
            if (protocol.equals("vlan")) {
                tags.add(dot1q.removeFirst());
            } else if (protocol.equals("ieee8021ad")) {
                tags.add(dot1ad.removeFirst());
            }
        }
        return tags;
    }

    /** tshark's outer addresses (first occurrence), inner addresses and ports (last occurrence). */
    private static String tshark(String first, String last) {
        String[] f = first.split(",", -1);
        String[] l = last.split(",", -1);
        String protocols = l[8];
        String outer = protocols.startsWith("eth:ethertype:ipv6") ? f[2] + "," + f[3] : f[0] + "," + f[1];
        int ip4 = protocols.lastIndexOf(":ip:");
        int ip6 = protocols.lastIndexOf(":ipv6:");
        String inner = ip4 > ip6 ? l[0] + "," + l[1] : l[2] + "," + l[3];
        String ports = protocols.endsWith(":tcp") || protocols.contains(":tcp:") ? "tcp," + l[4] + "," + l[5]
                : "udp," + l[6] + "," + l[7];
        return outer + "|" + inner + "|" + ports;
    }
}
