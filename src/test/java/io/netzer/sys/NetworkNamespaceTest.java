package io.netzer.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.netzer.testing.TestNetwork;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * A thread that enters a new network namespace is alone in it with a working loopback, and the threads it starts are
 * born in it; the rest of the process stays where it was.
 */
class NetworkNamespaceTest {
    private static final Path THREAD_NAMESPACE = Path.of("/proc/thread-self/ns/net");

    @Test
    void shouldMoveOnlyTheCallingThreadAndTheThreadsItStarts() throws Exception {
        TestNetwork.requireRoot();
        String machine = namespace();
        String[] seen = inThread(() -> {
            NetworkNamespace.enterNew();
            String entered = namespace();
            return new String[] {entered, inThread(() -> new String[] {namespace()})[0]};
        });
        assertNotEquals(machine, seen[0]);
        assertEquals(seen[0], seen[1], "a thread started in the namespace is in it");
        assertEquals(machine, namespace(), "the test's thread stays in the machine's namespace");
    }

    @Test
    void shouldBringLoopbackUp() throws Exception {
        TestNetwork.requireRoot();
        String[] received = inThread(() -> {
            NetworkNamespace.enterNew();
            try (DatagramChannel receiver = DatagramChannel.open(); DatagramChannel sender = DatagramChannel.open()) {
                receiver.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                sender.send(ByteBuffer.wrap(new byte[] {42}), receiver.getLocalAddress());
                ByteBuffer datagram = ByteBuffer.allocate(1);
                receiver.receive(datagram);
                return new String[] {Byte.toString(datagram.get(0)), Integer.toString(Libc.if_nametoindex("lo"))};
            }
        });
        assertEquals("42", received[0], "a datagram to 127.0.0.1 needs lo up (a new namespace's lo is down)");
        assertEquals("1", received[1], "a new namespace has its own lo, the first interface");
    }

    private static String namespace() throws IOException {
        return Files.readSymbolicLink(THREAD_NAMESPACE).toString();
    }

    /** Runs {@code body} in a new platform thread and waits for its result. */
    private static String[] inThread(ThrowingBody body) throws InterruptedException, ExecutionException {
        CompletableFuture<String[]> result = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try {
                result.complete(body.run());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get();
    }

    private interface ThrowingBody {
        String[] run() throws Exception;
    }
}
