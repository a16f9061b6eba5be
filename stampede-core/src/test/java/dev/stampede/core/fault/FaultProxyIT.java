package dev.stampede.core.fault;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault proxy over real sockets on 127.0.0.1, in front of an echo server this test starts and stops. Each fault
 * is checked by what a client observes: bytes intact, delays at least as long as asked, reads that wait, refused and
 * reset connections, closes after the byte budget.
 */
class FaultProxyIT {
    private static ServerSocket echo;
    private static Thread echoThread;
    private static final AtomicInteger echoConnections = new AtomicInteger();
    private FaultProxy proxy;

    @BeforeAll
    static void startEcho() throws IOException {
        echo = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        echoThread = Thread.ofPlatform().daemon().start(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    echoConnections.incrementAndGet();
                    Thread.ofPlatform().daemon().start(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException ignored) {
                            // the client went away or was reset
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    @AfterAll
    static void stopEcho() throws Exception {
        echo.close();
        echoThread.join(2000);
    }

    @BeforeEach
    void start() throws IOException {
        proxy = FaultProxy.start("echo", new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.getLocalPort()));
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(proxy.address(), 2000);
        s.setSoTimeout(5000);
        s.setTcpNoDelay(true);
        return s;
    }

    private static byte[] roundTrip(Socket s, byte[] msg) throws IOException {
        s.getOutputStream().write(msg);
        s.getOutputStream().flush();
        return s.getInputStream().readNBytes(msg.length);
    }

    @Test
    void withoutFaultsEveryByteComesBackInOrderAndTheForwardingTimeIsRecorded() throws Exception {
        try (Socket s = connect()) {
            for (int i = 0; i < 500; i++) {
                byte[] m = ("ping-" + i).getBytes();
                assertArrayEquals(m, roundTrip(s, m));
            }
            // more than the socket buffers hold: the proxy must wait for the writable side, not drop or spin
            byte[] big = new byte[8 * 1024 * 1024];
            new SplittableRandom(1).nextBytes(big);
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    s.getOutputStream().write(big);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] back = s.getInputStream().readNBytes(big.length);
            writer.join();
            assertTrue(Arrays.equals(big, back), "8 MiB echoed intact");
        }
        ProxyStats st = proxy.stats();
        assertEquals(1, st.accepted());
        assertTrue(st.bytesUp() >= 8 * 1024 * 1024 && st.bytesDown() >= 8 * 1024 * 1024, st.toString());
        assertTrue(st.forwardingNanos().getTotalCount() >= 500, "every chunk's forwarding time is recorded");
    }

    @Test
    void latencyDelaysEveryRoundTripByAtLeastTheDelayAndKeepsOrder() throws Exception {
        Fault lat = new Fault.Latency(Duration.ofMillis(30), Duration.ofMillis(10), Fault.Direction.DOWNSTREAM);
        try (Socket s = connect()) {
            roundTrip(s, "warm".getBytes());
            proxy.add(lat);
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                byte[] m = ("m" + i).getBytes();
                assertArrayEquals(m, roundTrip(s, m));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(ms >= 19, "round trip " + ms + " ms under 30 ms - 10 ms jitter");
            }
            // pipelined messages overtake nothing, whatever their jitter
            byte[] all = new byte[200];
            for (int i = 0; i < 200; i++) s.getOutputStream().write(new byte[] {(byte) i});
            for (int i = 0; i < 200; i++) all[i] = (byte) i;
            assertArrayEquals(all, s.getInputStream().readNBytes(200));
            proxy.remove(lat);
            long t0 = System.nanoTime();
            roundTrip(s, "fast".getBytes());
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 25, "the delay ends with the fault");
        }
    }

    @Test
    void aBlackholeHoldsEveryByteUntilItEndsAndNewConnectionsHang() throws Exception {
        try (Socket s = connect()) {
            roundTrip(s, "before".getBytes());
            proxy.add(new Fault.Blackhole());
            s.getOutputStream().write("held".getBytes());
            s.setSoTimeout(400);
            assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(), "nothing comes back during the blackhole");
            int before = echoConnections.get();
            try (Socket late = new Socket()) {
                late.connect(proxy.address(), 1000);   // the kernel completes the handshake from the backlog
                late.setSoTimeout(300);
                late.getOutputStream().write(1);
                assertThrows(SocketTimeoutException.class, () -> late.getInputStream().read());
                assertEquals(before, echoConnections.get(), "no connection reaches the server during the blackhole");
            }
            proxy.remove(new Fault.Blackhole());
            s.setSoTimeout(5000);
            assertArrayEquals("held".getBytes(), s.getInputStream().readNBytes(4), "held bytes arrive once the blackhole ends");
        }
    }

    @Test
    void refusedWhileActiveAndListeningAgainOnTheSamePortAfter() throws Exception {
        InetSocketAddress where = proxy.address();
        try (Socket open = connect()) {
            // a connection still in the listener's backlog is reset when the listener closes: let the proxy take it first
            assertArrayEquals("first".getBytes(), roundTrip(open, "first".getBytes()));
            proxy.add(new Fault.Refuse());
            assertThrows(ConnectException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(where, 1000);
                }
            });
            assertArrayEquals("still".getBytes(), roundTrip(open, "still".getBytes()), "open connections go on");
            proxy.remove(new Fault.Refuse());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(where, 1000);
                s.setSoTimeout(3000);
                assertArrayEquals("again".getBytes(), roundTrip(s, "again".getBytes()));
                break;
            } catch (ConnectException e) {
                if (System.nanoTime() > deadline) throw e;
                Thread.sleep(20);
            }
        }
        assertEquals(where, proxy.address());
    }

    @Test
    void aResetBreaksOpenConnectionsAndEveryNewOneWhileActive() throws Exception {
        try (Socket s = connect()) {
            roundTrip(s, "x".getBytes());
            proxy.add(new Fault.Reset());
            assertThrows(SocketException.class, () -> {
                for (int i = 0; i < 10; i++) roundTrip(s, "y".getBytes());
            }, "the open connection is reset");
            assertThrows(SocketException.class, () -> {
                try (Socket late = connect()) {
                    for (int i = 0; i < 10; i++) {
                        if (roundTrip(late, "z".getBytes()).length == 0) throw new SocketException("closed");
                    }
                }
            }, "a new connection is reset too");
            proxy.remove(new Fault.Reset());
        }
        assertTrue(proxy.stats().resets() >= 2);
        try (Socket s = connect()) {
            assertArrayEquals("ok".getBytes(), roundTrip(s, "ok".getBytes()), "connections work once the reset window ends");
        }
    }

    @Test
    void closeAfterBytesEndsTheConnectionOnceTheBudgetIsSpent() throws Exception {
        try (Socket s = connect()) {
            proxy.add(new Fault.CloseAfter(100));
            s.getOutputStream().write(new byte[300]);
            byte[] got = s.getInputStream().readAllBytes();
            assertEquals(100, got.length, "closed after exactly its budget");
        }
        assertEquals(1, proxy.stats().closedAfterBytes());
    }

    @Test
    void bandwidthLimitsThroughput() throws Exception {
        try (Socket s = connect()) {
            proxy.add(new Fault.Bandwidth(200_000, Fault.Direction.DOWNSTREAM));
            byte[] data = new byte[150_000];
            long t0 = System.nanoTime();
            Thread w = Thread.ofPlatform().start(() -> {
                try {
                    s.getOutputStream().write(data);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            assertEquals(data.length, s.getInputStream().readNBytes(data.length).length);
            w.join();
            double seconds = (System.nanoTime() - t0) / 1e9;
            // 150 kB at 200 kB/s with a 10 kB burst: about 0.7 s; well above the unthrottled milliseconds
            assertTrue(seconds >= 0.55, "took " + seconds + " s");
        }
    }

    @Test
    void anUnreachableUpstreamResetsTheClient() throws Exception {
        int dead;
        try (ServerSocket tmp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = tmp.getLocalPort();
        }
        try (FaultProxy p = FaultProxy.start("dead", new InetSocketAddress(InetAddress.getLoopbackAddress(), dead));
             Socket s = new Socket()) {
            int r;
            try {
                // the reset may already meet the connect's completion, the write or the read
                s.connect(p.address(), 1000);
                s.setSoTimeout(3000);
                s.getOutputStream().write(1);
                r = s.getInputStream().read();
            } catch (SocketException e) {
                r = -1;
            }
            assertEquals(-1, r);
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (p.stats().upstreamFailures() == 0 && System.nanoTime() < deadline) Thread.sleep(10);
            assertEquals(1, p.stats().upstreamFailures());
        }
    }
}
