package io.netzer.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.capture.CaptureFiles;
import io.netzer.capture.LiveRingConfig;
import io.netzer.capture.LiveRingSource;
import io.netzer.capture.PacketBatch;
import io.netzer.capture.PacketSource;
import io.netzer.dissect.LinkType;
import io.netzer.dissect.Packet;
import io.netzer.testing.Corpus;
import io.netzer.testing.LiveNetwork;
import io.netzer.testing.TestNetwork;
import io.netzer.testing.Tools;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The compiled programs in the kernel (SO_ATTACH_FILTER on a live AF_PACKET socket on a test veth): the kernel
 * accepts every expression of the differential list, and for a set of expressions the frames the kernel lets
 * through are exactly those the interpreter accepts among all frames replayed (tcpreplay from the peer's
 * namespace, a corpus capture without VLAN tags, since the kernel moves tags into metadata). Frames from the
 * peer are never PACKET_OUTGOING on the host end, so the kernel keeps them all for {@code inbound} and none for
 * {@code outbound}, as the interpreter does with its default packet type.
 */
@ExtendWith(LiveNetwork.class)
class LiveKernelFilterTest {
    /** How long a capture reads on without a frame after the replay before it ends. */
    private static final long QUIET_NANOS = 1_000_000_000L;
    private static final String REPLAYED = "arkime-v6.pcap";
    private static final List<String> VERDICT_EXPRESSIONS = List.of("ip6", "tcp", "udp", "icmp6",
            "udp port 53", "tcp port 22", "not tcp", "ip6 and udp and not port 53", "ip6 proto 58",
            "greater 200", "less 100", "ether multicast", "ip6 multicast", "tcp[tcpflags] & tcp-syn != 0",
            "udp and ip6[6] = 17", "portrange 500-600", "ether[12:2] = 0x86dd and len > 90", "inbound",
            "outbound");

    @Test
    void shouldHaveEveryProgramAcceptedByTheKernel(TestNetwork network) throws Exception {
        LiveRingConfig config = smallRing(network);
        int compiled = 0;
        for (String expression : FilterDifferentialTest.expressions()) {
            int[] program;
            try {
                program = FilterCompiler.compile(expression, LinkType.ETHERNET,
                        CompileOptions.forLive(0xffffff00, 262144)).toQuadruples();
            } catch (FilterSyntaxException e) {
                continue;
            }
            try (LiveRingSource source = LiveRingSource.open(config)) {
                source.attachFilter(program);
            }
            compiled++;
        }
        assertTrue(compiled > 200, "expressions compiled and attached: " + compiled);
    }

    @Test
    void shouldLetThroughExactlyWhatTheInterpreterAccepts(TestNetwork network) throws Exception {
        Tools.require("tcpreplay");
        List<String> replayed = framesOf(Corpus.pcaps().resolve(REPLAYED));
        Set<String> known = new HashSet<>(replayed);
        for (String expression : VERDICT_EXPRESSIONS) {
            BpfProgram program = FilterCompiler.compile(expression, LinkType.ETHERNET,
                    CompileOptions.forLive(0, 262144));
            List<String> expected = accepted(program, replayed);
            // Only the replayed frames count: the kernel may send a stray frame of its own on the veth.
            List<String> passed = capture(network, program.toQuadruples()).stream().filter(known::contains)
                    .toList();
            assertEquals(expected.size(), passed.size(), expression + ": frames let through");
            assertEquals(expected, passed, expression);
        }
    }

    /** The frames (as hex) the interpreter accepts with {@code program}, in order. */
    static List<String> accepted(BpfProgram program, List<String> frames) {
        BpfInterpreter interpreter = new BpfInterpreter(program);
        List<String> accepted = new ArrayList<>();
        for (String frame : frames) {
            byte[] bytes = HexFormat.of().parseHex(frame);
            if (interpreter.run(bytes, bytes.length) != 0) {
                accepted.add(frame);
            }
        }
        return accepted;
    }

    /** Every frame of a capture file, as hex. */
    static List<String> framesOf(Path file) throws Exception {
        List<String> frames = new ArrayList<>();
        try (PacketSource source = CaptureFiles.open(file)) {
            PacketBatch batch = new PacketBatch();
            Packet packet = new Packet();
            while (source.nextBatch(batch)) {
                for (int i = 0; i < batch.count(); i++) {
                    frames.add(hex(batch.packet(i, packet)));
                }
            }
        }
        return frames;
    }

    private static String hex(Packet packet) {
        MemorySegment bytes = packet.segment().asSlice(packet.offset(), packet.capturedLength());
        return HexFormat.of().formatHex(bytes.toArray(ValueLayout.JAVA_BYTE));
    }

    static LiveRingConfig smallRing(TestNetwork network) {
        return LiveRingConfig.of(network.hostInterface()).withRing(1 << 16, 8, 5);
    }

    /** Replays the corpus capture from the peer and returns the frames the host end received, as hex. */
    private static List<String> capture(TestNetwork network, int[] program) throws Exception {
        return capture(network, program, Corpus.pcaps().resolve(REPLAYED));
    }

    /** Replays {@code file} from the peer and returns the frames the host end received, as hex. */
    static List<String> capture(TestNetwork network, int[] program, Path file) throws Exception {
        List<String> frames = new ArrayList<>();
        try (LiveRingSource source = LiveRingSource.open(smallRing(network))) {
            if (program != null) {
                source.attachFilter(program);
            }
            source.start();
            // Read while the replay runs, as a capture does: the ring holds only 8 blocks, and on a loaded machine
            // the replay's frames can fall into more blocks than that, each closed by the 5 ms timer.
            Process replay = network.startInNamespace("tcpreplay", "-q", "-i", network.peerInterface(), "--pps",
                    "5000", file.toString());
            PacketBatch batch = new PacketBatch();
            Packet packet = new Packet();
            // The last frames may still wait in a block the kernel retires on its timer, which a loaded machine runs
            // late: read until a whole second passes after the replay without a frame.
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < QUIET_NANOS && source.nextBatch(batch)) {
                if (batch.count() > 0 || replay.isAlive()) {
                    quietSince = System.nanoTime();
                }
                for (int i = 0; i < batch.count(); i++) {
                    frames.add(hex(batch.packet(i, packet)));
                }
            }
            assertEquals(0, replay.waitFor(), "tcpreplay's exit status");
            assertEquals(0, source.statistics().dropped(), "frames the kernel dropped: " + source.statistics());
            source.stop();
        }
        return frames;
    }
}
