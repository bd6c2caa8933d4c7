package org.mailkeys.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** The six listeners of the distribution (src/main/conf), by role. */
public final class ListenerPorts {
    public static final ListenerPorts DEFAULTS = new ListenerPorts(2525, 2587, 2465, 1143, 1993, 8000);

    public final int smtpMx;
    public final int submission;
    public final int submissions;
    public final int imap;
    public final int imaps;
    public final int webAdmin;

    ListenerPorts(int smtpMx, int submission, int submissions, int imap, int imaps, int webAdmin) {
        this.smtpMx = smtpMx;
        this.submission = submission;
        this.submissions = submissions;
        this.imap = imap;
        this.imaps = imaps;
        this.webAdmin = webAdmin;
    }

    /** Ports free on loopback right now, so that tests never collide with a running bin/mailkeys-server. */
    public static ListenerPorts free() {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                socket.setReuseAddress(true);
                sockets.add(socket);
            }
            return new ListenerPorts(sockets.get(0).getLocalPort(), sockets.get(1).getLocalPort(),
                sockets.get(2).getLocalPort(), sockets.get(3).getLocalPort(), sockets.get(4).getLocalPort(),
                sockets.get(5).getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            sockets.forEach(ListenerPorts::closeQuietly);
        }
    }

    /** These listeners moved by {@code offset}, as bin/mailkeys-server's MAILKEYS_PORT_OFFSET moves them. */
    public ListenerPorts shiftedBy(int offset) {
        return new ListenerPorts(smtpMx + offset, submission + offset, submissions + offset, imap + offset, imaps + offset,
            webAdmin + offset);
    }

    public int[] all() {
        return new int[] {smtpMx, submission, submissions, imap, imaps, webAdmin};
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the port is released anyway when the JVM exits
        }
    }
}
