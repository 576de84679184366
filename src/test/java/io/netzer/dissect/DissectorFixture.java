package io.netzer.dissect;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A dissector for whole-frame tests, with the check that a frame decoded cleanly to exactly some layers. */
final class DissectorFixture {
    final Dissector dissector = new Dissector();

    /** Dissects {@code frame} as a packet of {@code linkType}; returns the status. */
    int dissect(int linkType, Bytes frame) {
        return dissector.dissect(Frames.packet(linkType, frame));
    }

    /** The last frame decoded with no fault, to exactly {@code layers}, and nothing was ever counted. */
    void assertDecoded(int layers) {
        assertEquals(0, dissector.status(), "status");
        assertEquals(layers, dissector.layers(), "layers");
        for (DecodeStatus reason : DecodeStatus.values()) {
            assertEquals(0, dissector.errors(reason), reason.reason());
        }
    }
}
