package io.netzer.export;

import java.util.Arrays;

/**
 * {@code related.ip}: the event's source and destination addresses, once each (a packet from an address to itself
 * names it once), so that one query on {@code related.ip} finds every event an address took part in. The writer
 * formats each address into this holder's buffers, writes it as its endpoint's {@code ip} from there, and then
 * {@link #write} reuses the text: no address is formatted twice and nothing is allocated.
 */
final class RelatedIp {
    private static final byte[] RELATED = JsonLine.key("related");
    private static final byte[] IP = JsonLine.key("ip");
    /** Longest address text: an IPv6 address with an embedded IPv4 one is 45 characters. */
    private static final int MAX_TEXT = 64;

    private final char[] source = new char[MAX_TEXT];
    private final char[] destination = new char[MAX_TEXT];
    private int sourceLength;
    private int destinationLength;

    /** Forgets the addresses of the previous event. */
    void clear() {
        sourceLength = 0;
        destinationLength = 0;
    }

    /** The buffer to format the source ({@code true}) or destination address into. */
    char[] text(boolean source) {
        return source ? this.source : destination;
    }

    /** Records the length of the address just formatted into {@link #text(boolean)}; returns it. */
    int length(boolean source, int length) {
        if (source) {
            sourceLength = length;
        } else {
            destinationLength = length;
        }
        return length;
    }

    /** {@code "related":{"ip":[…]}} when the event had an address; nothing otherwise. */
    void write(JsonLine j) {
        if (sourceLength == 0 && destinationLength == 0) {
            return;
        }
        j.objectMember(RELATED);
        j.arrayMember(IP);
        if (sourceLength > 0) {
            j.element().asciiString(source, sourceLength);
        }
        if (destinationLength > 0
                && !Arrays.equals(source, 0, sourceLength, destination, 0, destinationLength)) {
            j.element().asciiString(destination, destinationLength);
        }
        j.endArray();
        j.endObject();
    }
}
