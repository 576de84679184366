package io.netzer.cli;

import io.netzer.capture.CaptureFileException;
import io.netzer.capture.CpuAffinity;
import io.netzer.pipeline.Worker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs workers on threads of their own, one each ({@code netzer-worker-i}), for a live capture's sockets and for N
 * workers over one file alike, and waits for all of them.
 */
final class WorkerThreads {
    private WorkerThreads() {
    }

    /**
     * Runs each worker on its own thread (pinned to {@code cpus[i % cpus.length]} when {@code cpus} is not null),
     * calls {@code started} once all are started, waits for all and rethrows the first failure. A failure stops the
     * other workers, except a fault in a capture file: every worker reads the same file and meets the same fault at
     * the same record, so each goes on to it and outputs every packet of its share before it.
     */
    static void run(List<Worker> workers, int[] cpus, Runnable started) throws IOException {
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            Worker worker = workers.get(i);
            int[] pin = cpus == null ? null : new int[] {cpus[i % cpus.length]};
            Thread thread = new Thread(() -> {
                try {
                    if (pin != null) {
                        CpuAffinity.pinCurrentThread(pin);
                    }
                    worker.run();
                } catch (IOException | RuntimeException e) {
                    failure.compareAndSet(null, e);
                    if (!(e instanceof CaptureFileException)) {
                        workers.forEach(Worker::stop);
                    }
                }
            }, "netzer-worker-" + i);
            threads.add(thread);
            thread.start();
        }
        started.run();
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                workers.forEach(Worker::stop);
            }
        }
        Exception first = failure.get();
        if (first instanceof IOException io) {
            throw io;
        }
        if (first instanceof RuntimeException runtime) {
            throw runtime;
        }
    }
}
