package org.mailkeys.cassandra.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Ports free on every given address, so that test nodes of parallel builds do not collide. */
final class FreePorts {
    private FreePorts() {
    }

    static int[] on(List<String> ips, int count) {
        Set<Integer> chosen = new HashSet<>();
        List<Integer> ports = new ArrayList<>();
        for (int attempt = 0; ports.size() < count && attempt < 100; attempt++) {
            int candidate = anyFreePort(ips.get(0));
            if (!chosen.contains(candidate) && ips.stream().allMatch(ip -> isFree(ip, candidate))) {
                chosen.add(candidate);
                ports.add(candidate);
            }
        }
        if (ports.size() < count) {
            throw new IllegalStateException("No free ports on " + ips);
        }
        return ports.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int anyFreePort(String ip) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(ip))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isFree(String ip, int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(ip))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
