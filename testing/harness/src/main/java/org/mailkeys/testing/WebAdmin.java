package org.mailkeys.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The James WebAdmin calls the tests make: domains, users, the MailKeys error repository, and plain GET and DELETE
 * (the MailKeys routes, as an operator calls them with curl).
 */
public final class WebAdmin {
    /**
     * The repository of the "mailkeys-error" processor in conf/mailetcontainer.xml
     * ({@code memory://var/mail/mailkeys-error/}), as WebAdmin names it: its path, without protocol.
     */
    public static final String MAILKEYS_ERROR_REPOSITORY = "var/mail/mailkeys-error";
    private static final Pattern TASK_ID = Pattern.compile("\"taskId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern SIZE = Pattern.compile("\"size\"\\s*:\\s*(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public WebAdmin(int port) {
        this("127.0.0.1", port);
    }

    public WebAdmin(String host, int port) {
        this.base = "http://" + host + ":" + port;
    }

    public void addDomain(String domain) throws IOException, InterruptedException {
        expect(send(HttpRequest.newBuilder(uri("/domains/" + domain)).PUT(HttpRequest.BodyPublishers.noBody())), 204);
    }

    public void addUser(String address, String password) throws IOException, InterruptedException {
        expect(send(HttpRequest.newBuilder(uri("/users/" + address))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"password\":\"" + password + "\"}"))), 204);
    }

    /** How many mails the repository holds (0 when it does not exist yet). */
    public long repositorySize(String repositoryPath) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/mailRepositories/" + encode(repositoryPath)))
            .GET());
        if (response.statusCode() == 404) {
            return 0;
        }
        expect(response, 200);
        Matcher size = SIZE.matcher(response.body());
        if (!size.find()) {
            throw new IOException("No size in " + response.body());
        }
        return Long.parseLong(size.group(1));
    }

    /** Sends every mail of the repository to the processor again, and waits until the task is done. */
    public void reprocessAll(String repositoryPath, String processor) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/mailRepositories/" + encode(repositoryPath)
            + "/mails?action=reprocess&processor=" + processor)).method("PATCH", HttpRequest.BodyPublishers.noBody()));
        expect(response, 201);
        Matcher taskId = TASK_ID.matcher(response.body());
        if (!taskId.find()) {
            throw new IOException("No task id in " + response.body());
        }
        HttpResponse<String> done = send(HttpRequest.newBuilder(uri("/tasks/" + taskId.group(1) + "/await")).GET());
        expect(done, 200);
        if (!done.body().contains("\"completed\"")) {
            throw new IOException("Reprocessing did not complete: " + done.body());
        }
    }

    /** A GET as an operator makes it with curl: the status and body, whatever they are. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** A GET with an Accept header (application/pgp-keys, say). */
    public HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Accept", accept).GET());
    }

    public HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    /** A PATCH with a JSON body (James' mail queue and repository actions). */
    public HttpResponse<String> patch(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void expect(HttpResponse<String> response, int status) throws IOException {
        if (response.statusCode() != status) {
            throw new IOException(response.request().method() + " " + response.request().uri() + ": "
                + response.statusCode() + " " + response.body());
        }
    }
}
