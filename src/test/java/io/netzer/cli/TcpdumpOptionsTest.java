package io.netzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.export.PayloadDump;
import io.netzer.export.TimeColumn;
import io.netzer.testing.Corpus;
import io.netzer.testing.NetzerCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** tcpdump's letters parse as tcpdump parses them: alone, repeated, bundled, with an attached value. */
class TcpdumpOptionsTest {

    private static NetzerCommand parse(String... args) {
        NetzerCommand command = new NetzerCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void shouldCountRepeatedLettersInABundle() {
        NetzerCommand command = parse("-nnvvXS", "-r", "x.pcap");
        assertEquals(2, command.tcpdump.numeric.length);
        assertEquals(2, command.tcpdump.verbose.length);
        assertEquals(1, command.tcpdump.hexAndAscii.length);
        assertTrue(command.tcpdump.absoluteSequence);
        assertEquals(PayloadDump.Mode.HEX_ASCII, command.tcpdump.textOptions().dump());
        assertEquals(2, command.tcpdump.textOptions().verbosity());
    }

    @Test
    void shouldTakeTheValueOfTheLastLetterOfABundle() {
        NetzerCommand command = parse("-ni", "any");
        assertEquals("any", command.interfaceName);
        assertEquals(1, command.tcpdump.numeric.length);
        command = parse("-nni", "eth0", "port", "53");
        assertEquals("eth0", command.interfaceName);
        assertEquals(List.of("port", "53"), command.filter);
        command = parse("-nnieth0");
        assertEquals("eth0", command.interfaceName);
    }

    @Test
    void shouldReadEveryTimeFormat() {
        assertEquals(TimeColumn.Format.TIME_OF_DAY, parse().tcpdump.textOptions().time());
        assertEquals(TimeColumn.Format.NONE, parse("-t").tcpdump.textOptions().time());
        assertEquals(TimeColumn.Format.EPOCH, parse("-tt").tcpdump.textOptions().time());
        assertEquals(TimeColumn.Format.DELTA_PREVIOUS, parse("-ttt").tcpdump.textOptions().time());
        assertEquals(TimeColumn.Format.DATE_AND_TIME, parse("-tttt").tcpdump.textOptions().time());
        assertEquals(TimeColumn.Format.DELTA_FIRST, parse("-t", "-tttt").tcpdump.textOptions().time());
        assertTrue(parse("--time-stamp-precision=nano").tcpdump.textOptions().nanoseconds());
    }

    @Test
    void shouldTellHexFromHexWithTheLinkHeader() {
        assertEquals(PayloadDump.Mode.HEX, parse("-x").tcpdump.textOptions().dump());
        assertEquals(PayloadDump.Mode.HEX_LINK, parse("-xx").tcpdump.textOptions().dump());
        assertEquals(PayloadDump.Mode.HEX_ASCII_LINK, parse("-XX").tcpdump.textOptions().dump());
        assertEquals(PayloadDump.Mode.ASCII, parse("-A").tcpdump.textOptions().dump());
    }

    @Test
    void shouldMapRotationLettersOntoTheRotationOptions() {
        assertEquals(3_000_000L, parse("-C", "3").tcpdump.rotateBytes());
        assertEquals(2L << 20, parse("-C", "2M").tcpdump.rotateBytes());
        assertEquals(60, parse("-G", "60").tcpdump.rotateSeconds);
    }

    @Test
    void shouldRefuseWhatNetzerWillNotDo() {
        assertUsage(NetzerCli.run("-r", "x.pcap", "-tttttt"), "only -t, -tt, -ttt, -tttt and -ttttt");
        assertUsage(NetzerCli.run("-r", "x.pcap", "-w", "y.pcap", "-C", "1", "-z", "gzip"), "-z is refused");
        assertUsage(NetzerCli.run("-r", "x.pcap", "--time-stamp-precision=pico"), "expected micro or nano");
        assertUsage(NetzerCli.run("-r", "x.pcap", "-Q", "in"), "only apply to live capture");
        assertUsage(NetzerCli.run("-r", "x.pcap", "-w", "y.pcap", "-W", "3"), "-W counts rotated files: give -C or -G");
    }

    @Test
    void shouldWriteARingOfFilesWithW(@TempDir Path dir) throws Exception {
        Path file = Corpus.pcaps().resolve("pcpp-tls2.pcap");
        NetzerCli.Result run = NetzerCli.run("-r", file.toString(), "-w", dir.resolve("ring").toString(), "-C", "1",
                "-W", "2");
        assertEquals(0, run.exitCode(), run.stderr());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("ring0", "ring1"), files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        // 2.8 MB in files of at most 1,000,000 bytes: the third file overwrote ring0.
        assertTrue(Files.size(dir.resolve("ring0")) < Files.size(dir.resolve("ring1")));
        assertTrue(Files.size(dir.resolve("ring1")) <= 1_000_000);
    }

    @Test
    void shouldAcceptSnaplenAndPromiscuityWithAFile() {
        NetzerCli.Result run = NetzerCli.run("-r", "absent.pcap", "-s", "96", "-p", "-nn", "-K");
        assertEquals(1, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains("absent.pcap"), run.stderr());
    }

    private static void assertUsage(NetzerCli.Result run, String message) {
        assertEquals(2, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains(message), run.stderr());
    }
}
