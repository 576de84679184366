package io.netzer.export;

import io.netzer.dissect.TunnelStack;
import io.netzer.dissect.Wire;
import java.lang.foreign.MemorySegment;

/**
 * {@code netzer.tunnel}: the outermost tunnel a packet or an app event's flow came in. ECS has no tunnel
 * fields (its {@code network.inner} is about VLAN tags), so the object is NetZer's: {@code type} ({@code ipip},
 * {@code gre}, {@code vxlan}, {@code geneve}), {@code source.ip} and {@code destination.ip} of the outer header,
 * their {@code port} for the UDP tunnels, {@code vni} (VXLAN, Geneve) or {@code key} (GRE) when present, and
 * {@code depth}, the number of tunnels taken off. The caller has opened the {@code netzer} object.
 */
final class TunnelJson {
    private static final byte[] TUNNEL = JsonLine.key("tunnel");
    private static final byte[] TYPE = JsonLine.key("type");
    private static final byte[] SOURCE = JsonLine.key("source");
    private static final byte[] DESTINATION = JsonLine.key("destination");
    private static final byte[] IP = JsonLine.key("ip");
    private static final byte[] PORT = JsonLine.key("port");
    private static final byte[] VNI = JsonLine.key("vni");
    private static final byte[] KEY = JsonLine.key("key");
    private static final byte[] DEPTH = JsonLine.key("depth");
    private static final byte[][] TYPE_JSON = {null, JsonLine.quoted(TunnelStack.name(TunnelStack.IP_IN_IP)),
        JsonLine.quoted(TunnelStack.name(TunnelStack.GRE)), JsonLine.quoted(TunnelStack.name(TunnelStack.VXLAN)),
        JsonLine.quoted(TunnelStack.name(TunnelStack.GENEVE))};

    private TunnelJson() {
    }

    /**
     * Writes the object.
     *
     * @param addresses     memory holding the outer addresses
     * @param addressLength 4 or 16
     */
    static void write(JsonLine j, char[] text, int type, int depth, MemorySegment addresses, long sourceOffset,
            long destinationOffset, int addressLength, int sourcePort, int destinationPort, long id) {
        j.objectMember(TUNNEL);
        j.key(TYPE).raw(TYPE_JSON[type]);
        endpoint(j, text, SOURCE, addresses, sourceOffset, addressLength, sourcePort);
        endpoint(j, text, DESTINATION, addresses, destinationOffset, addressLength, destinationPort);
        if (id >= 0) {
            j.key(type == TunnelStack.GRE ? KEY : VNI).number(id);
        }
        j.key(DEPTH).number(depth);
        j.endObject();
    }

    private static void endpoint(JsonLine j, char[] text, byte[] name, MemorySegment addresses, long offset,
            int addressLength, int port) {
        j.objectMember(name);
        int length = addressLength == 4 ? AddressFormat.ipv4(Wire.i32(addresses, offset), text, 0)
                : AddressFormat.ipv6(addresses, offset, text, 0);
        j.key(IP).asciiString(text, length);
        if (port >= 0) {
            j.key(PORT).number(port);
        }
        j.endObject();
    }
}
