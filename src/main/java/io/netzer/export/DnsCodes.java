package io.netzer.export;

import io.netzer.app.DnsMessage;
import java.util.function.Predicate;

/**
 * The names ECS and Packetbeat give a DNS header's op code and flags ({@code dns.op_code},
 * {@code dns.header_flags}).
 */
final class DnsCodes {
    private DnsCodes() {
    }

    /** A header flag as {@code dns.header_flags} lists it, in Packetbeat's order. */
    enum HeaderFlag {
        /** Authoritative answer. */
        AA(DnsMessage::authoritative),
        /** Truncated. */
        TC(DnsMessage::truncated),
        /** Recursion desired. */
        RD(DnsMessage::recursionDesired),
        /** Recursion available. */
        RA(DnsMessage::recursionAvailable),
        /** Authentic data (RFC 4035 section 3.2.3). */
        AD(DnsMessage::authenticData),
        /** Checking disabled (RFC 4035 section 3.2.2). */
        CD(DnsMessage::checkingDisabled),
        /** DNSSEC OK, in the OPT record's flags (RFC 3225). */
        DO(DnsMessage::dnssecOk);

        /** Every flag, in order (values() would copy the array on each event). */
        static final HeaderFlag[] ALL = values();

        private final Predicate<DnsMessage> test;
        private final byte[] json = JsonLine.quoted(name());

        HeaderFlag(Predicate<DnsMessage> test) {
            this.test = test;
        }

        boolean isSet(DnsMessage message) {
            return test.test(message);
        }

        byte[] json() {
            return json;
        }
    }

    /** IANA's OPCODE names (RFC 1035, RFC 1996 NOTIFY, RFC 2136 UPDATE, RFC 8490 DSO), else the number. */
    static String opcodeName(int opcode) {
        return switch (opcode) {
            case 0 -> "QUERY";
            case 1 -> "IQUERY";
            case 2 -> "STATUS";
            case 4 -> "NOTIFY";
            case 5 -> "UPDATE";
            case 6 -> "DSO";
            default -> Integer.toString(opcode);
        };
    }
}
