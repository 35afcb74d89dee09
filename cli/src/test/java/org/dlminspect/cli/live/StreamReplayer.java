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
        drains = new Thread[] {drain(client.getInputStream()), drain(accepted.getInputStream())};
    }

    private static Thread drain(InputStream in) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[1 << 16];
            try {
                while (in.read(buf) >= 0) {
                    // Discard: the peer only has to keep reading so that no window fills up.
                }
            } catch (IOException ignored) {
                // Closed.
            }
        }, "replay-drain");
        t.setDaemon(true);
        t.start();
        return t;
    }

    void send(boolean fromClient, byte[] data) throws IOException {
        (fromClient ? toServer : toClient).write(data);
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
