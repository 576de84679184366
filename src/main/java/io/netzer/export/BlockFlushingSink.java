package io.netzer.export;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.pipeline.PacketSink;
import java.io.IOException;

/**
 * tcpdump's {@code -U} for {@code -w}: a sink whose buffered packets are written out at the end of every batch
 * (a ring block live), so a reader of the file or pipe sees each packet within the block timeout.
 */
public final class BlockFlushingSink implements PacketSink {
    private final PacketSink target;

    /** Flushes {@code target} after every batch. */
    public BlockFlushingSink(PacketSink target) {
        this.target = target;
    }

    @Override
    public void accept(Packet packet, Dissector dissector) throws IOException {
        target.accept(packet, dissector);
    }

    @Override
    public boolean needsDissection() {
        return target.needsDissection();
    }

    @Override
    public void endOfBatch() throws IOException {
        target.endOfBatch();
        target.flush();
    }

    @Override
    public void idle(long nowNanos) throws IOException {
        target.idle(nowNanos);
    }

    @Override
    public boolean endOfCapture() throws IOException {
        return target.endOfCapture();
    }

    @Override
    public void flush() throws IOException {
        target.flush();
    }

    @Override
    public void close() throws IOException {
        target.close();
    }
}
