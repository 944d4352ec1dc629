package io.camelhydra.app;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A bounded HTTP load on one app: a fixed number of clients per function, each sending one request after the other
 * until the time is up (no client sends more than one at a time, so the load is bounded in count and time; after a
 * 503 a client waits as Retry-After tells it). Every
 * answer is judged: a correct result, a problem response with a Retry-After (the service said "not now"), or
 * wrong.
 */
final class HttpLoad {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one kind of request sends and what a correct 200 looks like. */
    interface Call {
        String function();

        /** The body of the n-th request of a client. */
        byte[] body(int client, int n);

        /** Whether a 200 answer to that request is the right result. */
        boolean correct(int client, int n, byte[] response);
    }

    /** One answer: status, latency, the problem type of an error, and whether it was acceptable. */
    record Answer(String function, int status, long nanos, long startedNanos, String problemType, boolean ok,
                  int retryAfterSeconds, String note) {
    }

    private final AppProcess app;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final AtomicLong start = new AtomicLong();

    HttpLoad(AppProcess app) {
        this.app = app;
    }

    /**
     * Runs {@code clients} clients for each call for {@code length}; {@code during} runs on the caller's thread
     * meanwhile (the load's start time in nanos is passed to it). Returns when every client has had its last answer.
     */
    List<Answer> run(Duration length, Map<Call, Integer> clients, Consumer<Long> during) throws Exception {
        long begin = System.nanoTime();
        start.set(begin);
        long deadline = begin + length.toNanos();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(clients.values().stream().mapToInt(Integer::intValue).sum());
        int id = 0;
        for (Map.Entry<Call, Integer> entry : clients.entrySet()) {
            for (int i = 0; i < entry.getValue(); i++) {
                int client = id++;
                Call call = entry.getKey();
                Thread thread = new Thread(() -> {
                    try {
                        for (int n = 0; System.nanoTime() < deadline; n++) {
                            Answer answer = send(call, client, n);
                            answers.add(answer);
                            if (answer.retryAfterSeconds() > 0) {
                                // a polite client: it waits as told before its next request
                                Thread.sleep(Math.min(5, answer.retryAfterSeconds()) * 1000L);
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        done.countDown();
                    }
                }, "load-" + call.function() + "-" + client);
                thread.start();
                threads.add(thread);
            }
        }
        if (during != null) {
            during.accept(begin);
        }
        done.await();
        return new ArrayList<>(answers);
    }

    private Answer send(Call call, int client, int n) {
        long sent = System.nanoTime();
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(app.url("/functions/" + call.function()))
                    .timeout(Duration.ofMinutes(3)).header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(call.body(client, n))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            long nanos = System.nanoTime() - sent;
            int status = response.statusCode();
            if (status == 200) {
                boolean correct = call.correct(client, n, response.body());
                return new Answer(call.function(), status, nanos, sent, null, correct, 0, correct ? null
                        : "wrong result of " + response.body().length + " bytes");
            }
            String type = null;
            try {
                JsonNode problem = JSON.readTree(response.body());
                type = problem.path("type").asText(null);
            } catch (java.io.IOException e) {
                // not JSON: judged below
            }
            int retryAfter = response.headers().firstValue("Retry-After").map(HttpLoad::seconds).orElse(0);
            return new Answer(call.function(), status, nanos, sent, type, status == 503 && retryAfter > 0
                    && type != null, retryAfter, new String(response.body(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            return new Answer(call.function(), -1, System.nanoTime() - sent, sent, null, false, 0, e.toString());
        }
    }

    private static int seconds(String retryAfter) {
        try {
            return Integer.parseInt(retryAfter.strip());
        } catch (NumberFormatException e) {
            return 0; // an HTTP date or garbage: not what the app sends
        }
    }

    /** Requests/s, p50/p95 latency and the share of 503s, per function and in all. */
    static String report(List<Answer> answers, Duration length) {
        StringBuilder out = new StringBuilder();
        Map<String, List<Answer>> byFunction = new TreeMap<>();
        for (Answer a : answers) {
            byFunction.computeIfAbsent(a.function(), f -> new ArrayList<>()).add(a);
        }
        byFunction.put("all", answers);
        for (Map.Entry<String, List<Answer>> entry : byFunction.entrySet()) {
            List<Answer> list = entry.getValue();
            List<Long> ok = new ArrayList<>();
            List<Long> refused = new ArrayList<>();
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (Answer a : list) {
                statuses.merge(a.status(), 1, Integer::sum);
                if (a.status() == 200) {
                    ok.add(a.nanos());
                } else if (a.status() == 503) {
                    refused.add(a.nanos());
                }
            }
            Collections.sort(ok);
            Collections.sort(refused);
            long busy = list.stream().filter(a -> a.status() == 503).count();
            out.append(String.format(Locale.ROOT, "%-8s %5d answers %6.2f req/s (%5.2f results/s), 200 p50 %s p95 %s,"
                    + " 503 share %4.1f %% (p95 %s), statuses %s%n", entry.getKey(), list.size(),
                    list.size() / (length.toMillis() / 1000.0), ok.size() / (length.toMillis() / 1000.0),
                    millis(percentile(ok, 50)), millis(percentile(ok, 95)), 100.0 * busy / Math.max(1, list.size()),
                    millis(percentile(refused, 95)), statuses));
        }
        return out.toString();
    }

    /** The p-th percentile of sorted nanos, -1 when there are none. */
    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static String millis(long nanos) {
        return nanos < 0 ? "-" : String.format(Locale.ROOT, "%d ms", nanos / 1_000_000);
    }
}
