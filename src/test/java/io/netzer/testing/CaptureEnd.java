package io.netzer.testing;

import io.netzer.pipeline.PacketSink;
import java.io.IOException;

/** The end of a capture told to one sink, as the worker tells it: in rounds until the sink has no more to output. */
public final class CaptureEnd {
    private CaptureEnd() {
    }

    /** Calls {@code sink}'s {@link PacketSink#endOfCapture} until it returns false. */
    public static void of(PacketSink sink) throws IOException {
        boolean more = true;
        while (more) {
            more = sink.endOfCapture();
        }
    }
}
