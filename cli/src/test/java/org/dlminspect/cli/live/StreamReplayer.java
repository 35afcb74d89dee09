package org.dlminspect.cli.live;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real TCP connection over the loopback interface between a "client" and a "server" address,
 * each on its own 127.x.y.z address (so that node ids map to distinct addresses, and concurrent test
 * runs on the same machine do not see each other's traffic), the server on the DLM port.
 */
final class StreamReplayer implements AutoCloseable {
    private final InetAddress serverAddress;
    private final InetAddress clientAddress;
    private final ServerSocket server;
    private Socket client;
    private Socket accepted;
    private OutputStream toServer;
    private OutputStream toClient;
    private Thread[] drains;
    /** Bytes sent and received per direction: [0] client to server, [1] server to client. */
    private final long[] sent = new long[2];
    private final AtomicLong[] received = {new AtomicLong(), new AtomicLong()};
    private int lastDirection = -1;

    private StreamReplayer(InetAddress serverAddress, InetAddress clientAddress, ServerSocket server) {
        this.serverAddress = serverAddress;
        this.clientAddress = clientAddress;
        this.server = server;
    }

    /** Listens on 127.a.b.1 at {@code port}, or at a free port when that one is taken (see {@link #port()}). */
    static StreamReplayer listen(int port) throws IOException {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        byte a = (byte) r.nextInt(1, 255);
        byte b = (byte) r.nextInt(1, 255);
        InetAddress serverAddress = InetAddress.getByAddress(new byte[] {127, a, b, 1});
        InetAddress clientAddress = InetAddress.getByAddress(new byte[] {127, a, b, 2});
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        try {
            ss.bind(new InetSocketAddress(serverAddress, port), 1);
        } catch (BindException inUse) {
            ss.bind(new InetSocketAddress(serverAddress, 0), 1);
        }
        return new StreamReplayer(serverAddress, clientAddress, ss);
    }

    int port() {
        return server.getLocalPort();
    }

    String clientAddress() {
        return clientAddress.getHostAddress();
    }

    String serverAddress() {
        return serverAddress.getHostAddress();
    }

    /** Opens the connection (the three-way handshake goes on the wire here) and starts draining both ends. */
    void connect() throws IOException {
        client = new Socket();
        client.setTcpNoDelay(true);
        client.bind(new InetSocketAddress(clientAddress, 0));
        client.connect(new InetSocketAddress(serverAddress, port()), 5000);
        accepted = server.accept();
        accepted.setTcpNoDelay(true);
        toServer = client.getOutputStream();
        toClient = accepted.getOutputStream();
        // The server reads what the client sent, and the other way round.
        drains = new Thread[] {drain(accepted.getInputStream(), received[0]), drain(client.getInputStream(), received[1])};
    }

    private static Thread drain(InputStream in, AtomicLong count) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[1 << 16];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    count.addAndGet(n);
                }
            } catch (IOException ignored) {
                // Closed.
            }
        }, "replay-drain");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Sends {@code data} one way. Before the direction changes, waits until the other side has
     * received everything sent the other way: TCP may hold small segments back (autocorking), and
     * without this an ACK could reach the wire before the message it acknowledges.
     */
    void send(boolean fromClient, byte[] data) throws IOException {
        int d = fromClient ? 0 : 1;
        if (lastDirection >= 0 && lastDirection != d) {
            awaitDelivered(lastDirection);
        }
        lastDirection = d;
        (fromClient ? toServer : toClient).write(data);
        sent[d] += data.length;
    }

    private void awaitDelivered(int direction) throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (received[direction].get() < sent[direction]) {
            if (System.nanoTime() > deadline) {
                throw new IOException("replay stalled: " + received[direction].get() + " of " + sent[direction] + " bytes delivered");
            }
            Thread.onSpinWait();
        }
    }

    /** Both sides send FIN, and both FINs are read: the connection is closed cleanly on the wire. */
    void finish() throws IOException, InterruptedException {
        client.shutdownOutput();
        accepted.shutdownOutput();
        for (Thread t : drains) {
            t.join(10_000);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (client != null) {
                client.close();
            }
            if (accepted != null) {
                accepted.close();
            }
        } finally {
            server.close();
        }
    }
}
