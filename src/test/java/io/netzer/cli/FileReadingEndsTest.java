package io.netzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netzer.testing.Corpus;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How reading a file ends: tcpdump's opening line, no kernel counters, and silence on a closed pipe. */
class FileReadingEndsTest {

    @Test
    void shouldSayNothingButTheOpeningLineWhenTheReaderHasGone() throws Exception {
        Pipe pipe = Pipe.open();
        pipe.source().close();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String file = Corpus.pcaps().resolve("pcpp-tls2.pcap").toString();
        try (OutputStream closedPipe = Channels.newOutputStream(pipe.sink())) {
            int status = run(closedPipe, err, "-r", file);
            assertEquals(ClosedPipe.EXIT_STATUS, status, err.toString(StandardCharsets.UTF_8));
        }
        assertEquals("reading from file " + file + ", link-type EN10MB (Ethernet), snapshot length 262144\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldPrintNoKernelCountersForAFile() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String file = Corpus.pcaps().resolve("pcpp-sll.pcap").toString();
        assertEquals(0, run(out, err, "-r", file, "-c", "5"));
        assertEquals(5, out.toString(StandardCharsets.UTF_8).lines().count());
        assertEquals("reading from file " + file + ", link-type LINUX_SLL (Linux cooked v1), snapshot length 65535\n",
                err.toString(StandardCharsets.UTF_8));
    }

    private static int run(OutputStream out, ByteArrayOutputStream err, String... args) {
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        return NetzerCommandLine.configure(new CommandLine(new NetzerCommand(out, errStream))).execute(args);
    }
}
