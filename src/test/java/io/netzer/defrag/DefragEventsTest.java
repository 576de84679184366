package io.netzer.defrag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.testing.Corpus;
import io.netzer.testing.NetzerCli;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The command line over captures with fragments (Zeek's ipv6-fragmented-dns: a TXT answer in three IPv6
 * fragments, and a lone last fragment of another; Zeek's ipv6-http-atomic-frag): packet events stay one per
 * fragment; the DNS answer is read from the whole datagram, at the time of its last fragment; the flow counts the
 * datagram once; atomic fragments pass as they are; the options reach the defragmenter.
 */
class DefragEventsTest {

    @Test
    void shouldWriteTheDnsAnswerOfADatagramInFragments() {
        String file = Corpus.pcaps().resolve("zeek-ipv6-fragmented-dns.pcap").toString();
        NetzerCli.Result result = NetzerCli.run("-r", file, "--json", "--events", "packet,dns,flow");
        assertEquals(0, result.exitCode(), result.stderr());
        List<String> lines = Arrays.asList(result.stdoutText().split("\n"));
        assertEquals(8, lines.stream().filter(l -> l.contains("\"dataset\":\"netzer.packet\"")).count());
        List<String> answers = lines.stream().filter(l -> l.contains("\"dataset\":\"netzer.dns\"")
                && l.contains("\"type\":\"answer\"")).toList();
        assertEquals(2, answers.size(), () -> String.join("\n", lines));
        String fragmented = answers.get(1);
        assertTrue(fragmented.startsWith("{\"@timestamp\":\"2012-03-07T01:38:18.676270000Z\""), fragmented);
        assertTrue(fragmented.contains("\"id\":\"40849\""), fragmented);
        assertTrue(fragmented.contains("\"name\":\"txtpadding_3230.n1.netalyzr.icsi.berkeley.edu\""), fragmented);
        // One datagram on the flow: its Ethernet header, IPv6 header and 3238 bytes of UDP.
        assertTrue(result.stdoutText().contains("\"destination\":{\"ip\":\"2607:f740:b::f93\",\"port\":53,"
                + "\"bytes\":3292,\"packets\":1}"), result.stdoutText());
        assertTrue(result.stderr().contains("4 IP fragments: 1 datagrams reassembled; given up: 1 end_of_capture;"),
                result.stderr());
    }

    @Test
    void shouldGiveUpTheDatagramsOfLongerThanTheTimeout() {
        String file = Corpus.pcaps().resolve("zeek-ipv6-fragmented-dns.pcap").toString();
        // The lone fragment waits 5 s for nothing; the answer's three fragments take less than a millisecond.
        NetzerCli.Result result = NetzerCli.run("-r", file, "--json", "--events", "dns", "--defrag-timeout", "1");
        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(result.stderr().contains("4 IP fragments: 1 datagrams reassembled; given up: 1 timeout;"),
                result.stderr());
    }

    @Test
    void shouldPassIpv6AtomicFragmentsAsWholeDatagrams() {
        String file = Corpus.pcaps().resolve("zeek-ipv6-http-atomic-frag.pcap").toString();
        NetzerCli.Result result = NetzerCli.run("-r", file, "--json", "--events", "flow");
        assertEquals(0, result.exitCode(), result.stderr());
        // The client's SYN, ACK and request of its second connection each carry an empty Fragment header.
        assertTrue(result.stdoutText().contains("\"source\":{\"ip\":\"2001:db8:1::2\",\"port\":59694,"),
                result.stdoutText());
        assertTrue(result.stderr().contains("0 IP fragments: 0 datagrams reassembled; none given up; 0 overlaps with"
                + " different bytes, 0 tiny first fragments, 5 atomic fragments;"), result.stderr());
    }

    @Test
    void shouldRefuseADefragmentationMemoryCapBelowTwoPages() {
        String file = Corpus.pcaps().resolve("zeek-ipv6-fragmented-dns.pcap").toString();
        NetzerCli.Result result = NetzerCli.run("-r", file, "--events", "flow", "--defrag-memory", "1k");
        assertEquals(2, result.exitCode(), result.stderr());
        assertTrue(result.stderr().contains("--defrag-memory: expected at least 2k"), result.stderr());
    }
}
