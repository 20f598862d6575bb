package io.opencredit.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Checks that a port is free before anything starts, so a clash is reported in one clear line. */
final class Ports {
    private Ports() {
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
