package org.mailkeys.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** GET of a key from a node's Web Key Directory (advanced method URL, plain HTTP). */
final class WebKeyDirectoryClient {
    static final class Answer {
        final int status;
        final byte[] body;

        Answer(int status, byte[] body) {
            this.status = status;
            this.body = body;
        }
    }

    private WebKeyDirectoryClient() {
    }

    /** @param localPart the {@code ?l=} value, or null to ask by hash alone */
    static Answer get(int port, String domain, String hash, String localPart) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + "/.well-known/openpgpkey/" + domain + "/hu/" + hash
            + (localPart == null ? "" : "?l=" + localPart));
        HttpResponse<byte[]> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
            .send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), response.body());
    }
}
