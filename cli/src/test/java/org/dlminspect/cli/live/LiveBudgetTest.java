package org.dlminspect.cli.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.dlminspect.cli.ForkedRun;
import org.dlminspect.testkit.DlmBytes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code live --analyze} under the hostile traffic of #16 defect 1, sent for real over the loopback interface:
 * anyone who can connect to port 21064 could make every direction's message ring double to 65,536 slots with
 * nine OPTS (seqs 0, 256, 512, ..., 32768) and run the capturing process out of heap (256 such connections:
 * about 900 MB). Live uses the run's one memory budget like read and analyze; the test runs it with the heap the
 * launcher gives {@code --memory-budget 32M} and reads the heap after every full collection from its GC log.
 * Needs root (or CAP_NET_RAW and CAP_NET_ADMIN) and libpcap; skipped otherwise, unless DLM_INSPECT_REQUIRE_LIVE.
 */
class LiveBudgetTest {
    private static final long BUDGET_MIB = 32;
    private static final long OVERHEAD_MIB = 64;
    private static final int PAIRS = 256;
    private static final int CLIENT_PORT = 40000;
    private static final long[] COLLIDING = {0, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768};

    @TempDir
    Path tmp;

    @BeforeEach
    void needsCapture() {
        LiveEnvironment.assumeCaptureOnLoopback();
    }

    @Test
    void collidingSeqsFromManyPeersStayWithinTheBudget() throws Exception {
        // One server address and PAIRS client addresses in a /16 of the loopback net of our own.
        int a = ThreadLocalRandom.current().nextInt(1, 255);
        InetAddress serverAddress = InetAddress.getByAddress(new byte[] {127, (byte) a, 0, 1});
        Path gc = tmp.resolve("gc.log");
        try (ServerSocket server = listen(serverAddress)) {
            List<String> args = new ArrayList<>(List.of("live", "-i", "lo", "-f", "net 127." + a + ".0.0/16",
                    "--analyze", "--memory-budget", BUDGET_MIB + "M"));
            if (server.getLocalPort() != 21064) {
                args.addAll(List.of("-p", Integer.toString(server.getLocalPort())));
            }
            try (CliProcess live = CliProcess.start(List.of("-Xmx" + ForkedRun.heapMiB(BUDGET_MIB) + "m",
                    "-Xlog:gc:file=" + gc), args.toArray(String[]::new))) {
                assertTrue(live.awaitStderr("capturing on", Duration.ofSeconds(30)), live::stderr);
                Thread acceptor = acceptAndDrain(server);
                InetAddress last = null;
                for (int i = 0; i < PAIRS; i++) {
                    last = InetAddress.getByAddress(new byte[] {127, (byte) a, (byte) (1 + i / 250), (byte) (1 + i % 250)});
                    sendColliding(last, server.getLocalPort(), i + 2);
                }
                // The nine OPTS of a peer go in one write, one segment: its first line means all of them are in.
                String lastLine = last.getHostAddress() + ":" + CLIENT_PORT + " (" + (PAIRS + 1) + ") → ";
                assertTrue(live.awaitStdoutContaining(lastLine, Duration.ofSeconds(120)), live::stderr);
                live.terminate();
                assertEquals(0, live.waitFor(Duration.ofSeconds(60)), live::stderr);
                acceptor.interrupt();
                String err = live.stderr();
                assertTrue(!err.contains("Exception") && !err.contains("\tat "), err);
                long opts = live.stdout().stream().filter(l -> l.contains(" OPTS seq=")).count();
                assertTrue(opts >= 9L * PAIRS, opts + " OPTS shown");
                long[] heap = ForkedRun.retainedHeap(gc);
                assertTrue(heap[1] > 0, "no GC logged");
                assertTrue(heap[0] <= (BUDGET_MIB + OVERHEAD_MIB) << 20, "heap after GC " + (heap[0] >> 20)
                        + " MiB over the budget of " + BUDGET_MIB + " MiB + " + OVERHEAD_MIB + " MiB\n" + err);
                System.out.printf("live: max heap after GC %d MiB in %d collections, %d OPTS%n", heap[0] >> 20,
                        heap[1], opts);
            }
        }
    }

    private static ServerSocket listen(InetAddress address) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        try {
            ss.bind(new InetSocketAddress(address, 21064), PAIRS);
        } catch (BindException inUse) {
            ss.bind(new InetSocketAddress(address, 0), PAIRS);
        }
        return ss;
    }

    /** Accepts every connection and reads it to its end (so that the clients' bytes are acknowledged). */
    private static Thread acceptAndDrain(ServerSocket server) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[1 << 16];
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                        while (in.read(buf) >= 0) {
                            // drained
                        }
                    }
                }
            } catch (IOException closed) {
                // the server socket was closed: done
            }
        }, "live-budget-drain");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Node {@code nodeid} at {@code client} connects and sends the nine colliding OPTS in one write, then closes. */
    private static void sendColliding(InetAddress client, int port, int nodeid) throws IOException {
        byte[] inner = DlmBytes.msg(DlmBytes.V32, DlmBytes.LOCKSPACE, nodeid,
                DlmBytes.Msg.of(1).lkid(1).modes(-1, 5).hash(0x1234).name("res1"));
        byte[] one = DlmBytes.opts(nodeid, 0, inner);
        ByteBuffer all = ByteBuffer.allocate(one.length * COLLIDING.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long seq : COLLIDING) {
            int at = all.position();
            all.put(one);
            all.putInt(at + 4, (int) seq); // the OPTS h_seq (the header union)
        }
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(client, CLIENT_PORT));
            s.connect(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127,
                    client.getAddress()[1], 0, 1}), port), 5000);
            OutputStream out = s.getOutputStream();
            out.write(all.array());
            out.flush();
        }
    }
}
