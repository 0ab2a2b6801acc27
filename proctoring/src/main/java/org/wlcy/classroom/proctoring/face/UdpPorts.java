package org.wlcy.classroom.proctoring.face;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;

/** Finds free UDP ports for receiving RTP (an even port whose odd neighbour, for RTCP, is free too). */
public final class UdpPorts {
    private static final int ATTEMPTS = 64;

    private UdpPorts() {
    }

    /**
     * An even port {@code p} on {@code address} with {@code p} and {@code p + 1} free right now.
     * Another process may take it before it is bound again; callers time out in that rare case.
     */
    public static int freeRtpPort(InetAddress address) throws IOException {
        for (int i = 0; i < ATTEMPTS; i++) {
            try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(address, 0))) {
                int p = probe.getLocalPort();
                if (p % 2 != 0 || p >= 65535) {
                    continue;
                }
                try (DatagramSocket rtcp = new DatagramSocket(new InetSocketAddress(address, p + 1))) {
                    return p;
                } catch (SocketException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no free even UDP port pair on " + address + " after " + ATTEMPTS + " attempts");
    }
}
