package io.netzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.testing.NetzerCli;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input at the command line: every packet before a fault is output, then one clear line on stderr naming
 * the file and byte offset, and exit status 1; bad usage is one line and exit status 2. Never a stack trace.
 */
class BadInputTest {
    private static final int RECORD_HEADER = 16;
    private static final int FILE_HEADER = 24;

    @TempDir
    Path dir;

    @Test
    void shouldNameAMissingFile() {
        NetzerCli.Result run = NetzerCli.run("-r", dir.resolve("absent.pcap").toString());
        assertEquals(1, run.exitCode());
        assertOneErrorLine(run, "absent.pcap: no such file");
    }

    @Test
    void shouldRejectAnEmptyFile() throws IOException {
        Path empty = Files.write(dir.resolve("empty.pcap"), new byte[0]);
        NetzerCli.Result run = NetzerCli.run("-r", empty.toString());
        assertEquals(1, run.exitCode());
        assertOneErrorLine(run, "empty.pcap");
    }

    @Test
    void shouldRejectAWrongMagic() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.pcap"), "this is not a capture file at all\n");
        NetzerCli.Result run = NetzerCli.run("-r", text.toString());
        assertEquals(1, run.exitCode());
        assertOneErrorLine(run, "notes.pcap");
    }

    @Test
    void shouldPrintEveryPacketBeforeARecordCutInTheMiddle() throws IOException {
        byte[] whole = pcap(udpFrame(1), udpFrame(2), udpFrame(3));
        Path cut = Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(whole, whole.length - 10));
        NetzerCli.Result run = NetzerCli.run("-r", cut.toString());
        assertEquals(1, run.exitCode());
        assertEquals(2, run.stdoutText().lines().count(), run.stdoutText());
        long thirdRecord = FILE_HEADER + 2L * (RECORD_HEADER + udpFrame(1).length);
        assertOneErrorLine(run, "cut.pcap: byte offset " + thirdRecord);
    }

    @Test
    void shouldPrintEveryPacketBeforeARecordLargerThanTheCap() throws IOException {
        byte[] file = pcap(udpFrame(1), udpFrame(2));
        int secondRecord = FILE_HEADER + RECORD_HEADER + udpFrame(1).length;
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(secondRecord + 8, 300_000);
        Path huge = Files.write(dir.resolve("huge.pcap"), file);
        NetzerCli.Result run = NetzerCli.run("-r", huge.toString(), "--json");
        assertEquals(1, run.exitCode());
        assertEquals(1, run.stdoutText().lines().count(), run.stdoutText());
        assertOneErrorLine(run, "huge.pcap: byte offset " + secondRecord);
    }

    @Test
    void shouldRejectAnUnknownOptionAsBadUsage() {
        NetzerCli.Result run = NetzerCli.run("--no-such-option");
        assertEquals(2, run.exitCode());
        assertTrue(run.stderr().startsWith("netzer: Unknown option: '--no-such-option'"), run.stderr());
        assertFalse(run.stderr().contains("\tat "), run.stderr());
    }

    @Test
    void shouldSayWhatIsNotAvailableYet() throws IOException {
        Path file = Files.write(dir.resolve("one.pcap"), pcap(udpFrame(1)));
        NetzerCli.Result run = NetzerCli.run("-r", file.toString(), "--events", "stats");
        assertEquals(2, run.exitCode());
        assertTrue(run.stderr().startsWith("netzer: not available yet: --events stats"), run.stderr());
    }

    @Test
    void shouldSayThatServiceModeServesALiveCapture() throws IOException {
        Path file = Files.write(dir.resolve("one.pcap"), pcap(udpFrame(1)));
        NetzerCli.Result run = NetzerCli.run("-r", file.toString(), "--serve");
        assertEquals(2, run.exitCode());
        assertTrue(run.stderr().startsWith("netzer: --serve serves a live capture: it does not apply to -r"),
                run.stderr());
        NetzerCli.Result port = NetzerCli.run("-r", file.toString(), "--port", "8080");
        assertEquals(2, port.exitCode());
        assertTrue(port.stderr().startsWith("netzer: --port, --bind and --auth-token-file apply to --serve"),
                port.stderr());
    }

    @Test
    void shouldSayThatTheSeccompFilterIsAboutLiveCapture() throws IOException {
        Path file = Files.write(dir.resolve("one.pcap"), pcap(udpFrame(1)));
        NetzerCli.Result run = NetzerCli.run("-r", file.toString(), "--no-seccomp");
        assertEquals(2, run.exitCode());
        assertTrue(run.stderr().startsWith("netzer: -r reads a file: --no-seccomp only apply to live capture"),
                run.stderr());
    }

    @Test
    void shouldRejectAnUnknownEventType() throws IOException {
        Path file = Files.write(dir.resolve("one.pcap"), pcap(udpFrame(1)));
        NetzerCli.Result run = NetzerCli.run("-r", file.toString(), "--events", "packet,bogus");
        assertEquals(2, run.exitCode());
        assertTrue(run.stderr().contains("unknown event type 'bogus'"), run.stderr());
    }

    @Test
    void shouldStopAfterTheCount() throws IOException {
        Path file = Files.write(dir.resolve("three.pcap"), pcap(udpFrame(1), udpFrame(2), udpFrame(3)));
        NetzerCli.Result run = NetzerCli.run("-r", file.toString(), "-c", "2");
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(2, run.stdoutText().lines().count());
        assertFalse(run.stderr().contains("packets"), "a file has no kernel counters:\n" + run.stderr());
    }

    private static void assertOneErrorLine(NetzerCli.Result run, String expected) {
        List<String> errors = run.stderr().lines().filter(l -> l.startsWith("netzer: ")).toList();
        assertEquals(1, errors.size(), run.stderr());
        assertTrue(errors.get(0).contains(expected), run.stderr());
        assertFalse(run.stderr().contains("\tat "), "no stack trace without --debug:\n" + run.stderr());
    }

    /** A little-endian microsecond pcap file with Ethernet link type holding {@code frames}. */
    static byte[] pcap(byte[]... frames) {
        int size = FILE_HEADER;
        for (byte[] frame : frames) {
            size += RECORD_HEADER + frame.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0xa1b2c3d4);              // magic: microseconds, written little-endian
        out.putShort((short) 2);             // major version
        out.putShort((short) 4);             // minor version
        out.putInt(0);                       // reserved (thiszone)
        out.putInt(0);                       // reserved (sigfigs)
        out.putInt(65535);                   // snapshot length
        out.putInt(1);                       // link type: Ethernet
        int second = 1_700_000_000;
        for (byte[] frame : frames) {
            out.putInt(second++);            // timestamp seconds
            out.putInt(250_000);             // timestamp microseconds
            out.putInt(frame.length);        // captured length
            out.putInt(frame.length);        // wire length
            out.put(frame);
        }
        return out.array();
    }

    /** An Ethernet/IPv4/UDP frame from 192.0.2.1:40000 to 192.0.2.2:53 with a 4-byte payload. */
    static byte[] udpFrame(int id) {
        ByteBuffer out = ByteBuffer.allocate(14 + 20 + 8 + 4);
        out.put(new byte[] {2, 0, 0, 0, 0, 2});          // destination MAC 02:00:00:00:00:02
        out.put(new byte[] {2, 0, 0, 0, 0, 1});          // source MAC 02:00:00:00:00:01
        out.putShort((short) 0x0800);                    // EtherType IPv4
        out.put((byte) 0x45);                            // version 4, IHL 5
        out.put((byte) 0);                               // TOS
        out.putShort((short) 32);                        // total length: 20 + 8 + 4
        out.putShort((short) id);                        // identification
        out.putShort((short) 0);                         // flags, fragment offset
        out.put((byte) 64);                              // TTL
        out.put((byte) 17);                              // protocol UDP
        out.putShort((short) 0);                         // header checksum (not checked)
        out.put(new byte[] {(byte) 192, 0, 2, 1});       // source 192.0.2.1
        out.put(new byte[] {(byte) 192, 0, 2, 2});       // destination 192.0.2.2
        out.putShort((short) 40000);                     // source port
        out.putShort((short) 53);                        // destination port
        out.putShort((short) 12);                        // UDP length: 8 + 4
        out.putShort((short) 0);                         // checksum (none)
        out.put(new byte[] {1, 2, 3, 4});                // payload
        return out.array();
    }
}
