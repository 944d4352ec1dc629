package io.camelhydra.app;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.camelhydra.component.hydra.runtime.docker.DockerContainerRuntime;
import io.camelhydra.testing.Corpus;
import io.camelhydra.testing.DockerRequired;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A minute of concurrent toupper and pdf calls on loopback, more than each function's calls in flight and line
 * together, against the packaged app with its shipped settings: every answer is a correct result or a 503 with
 * Retry-After, never a wrong result, a hang or another error. Afterwards no container remains, the heap is back at
 * its baseline and health is UP. The figures go to target/load-report.txt.
 */
@ExtendWith(DockerRequired.class)
class LoadIT {

    static final Duration LENGTH = Duration.ofSeconds(60);
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

    @TempDir
    Path work;

    private final DockerContainerRuntime docker = new DockerContainerRuntime(null);
    private AppProcess app;

    @AfterEach
    void stopApp() throws Exception {
        try {
            if (app != null) {
                app.close();
                assertThat(docker.countContainers(app.instanceId())).as("containers after the app stopped").isZero();
            }
        } finally {
            docker.close();
        }
    }

    /** Upper-cases a text unique to each request, so a result given to the wrong caller is caught. */
    static HttpLoad.Call toupper() {
        return new HttpLoad.Call() {
            @Override
            public String function() {
                return "toupper";
            }

            @Override
            public byte[] body(int client, int n) {
                return text(client, n).getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public boolean correct(int client, int n, byte[] response) {
                return new String(response, StandardCharsets.UTF_8).equals(text(client, n).toUpperCase());
            }

            private String text(int client, int n) {
                return "load request " + n + " of client " + client + "\n";
            }
        };
    }

    /** The README's one-page docx to PDF; the PDF must hold the document's text. */
    static HttpLoad.Call pdf() throws IOException {
        byte[] docx = Files.readAllBytes(Corpus.named("docx/paragraphs_and_tables.docx").path());
        return new HttpLoad.Call() {
            @Override
            public String function() {
                return "pdf";
            }

            @Override
            public byte[] body(int client, int n) {
                return docx;
            }

            @Override
            public boolean correct(int client, int n, byte[] response) {
                try {
                    return Pdfs.read(response).text().contains("INNER TABLE!");
                } catch (IOException e) {
                    return false;
                }
            }
        };
    }

    @Test
    void aMinuteOverTheLimitsGivesResultsOr503AndLeavesNothingBehind() throws Exception {
        app = new AppProcess(work).env("HYDRA_FTP_ENABLED", "false").jvm("-Xmx256m").start();
        // warm up: classes loaded and code compiled before the baseline is taken
        HttpLoad load = new HttpLoad(app);
        Map<HttpLoad.Call, Integer> one = new LinkedHashMap<>();
        one.put(toupper(), 2);
        one.put(pdf(), 1);
        load.run(Duration.ofSeconds(5), one, null);
        long baseline = heapUsedAfterGc();

        // toupper: 4 in flight + 16 in line; pdf: 2 + 4 (functions/catalog.yaml). More clients than that for each.
        Map<HttpLoad.Call, Integer> clients = new LinkedHashMap<>();
        clients.put(toupper(), 28);
        clients.put(pdf(), 24);
        List<HttpLoad.Answer> answers = new HttpLoad(app).run(LENGTH, clients, null);
        String report = HttpLoad.report(answers, LENGTH);

        Await.until(Duration.ofMinutes(1), "no container left after the load",
                () -> docker.countContainers(app.instanceId()) == 0);
        long after = heapUsedAfterGc();
        report += String.format("heap used after a full GC: %d MiB before the load, %d MiB after%n", baseline >> 20,
                after >> 20);
        System.out.print("LoadIT:\n" + report);
        Path target = DockerRequired.projectDir().resolve("camel-hydra-app/target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("load-report.txt"), report);

        List<HttpLoad.Answer> wrong = answers.stream().filter(a -> !a.ok()).toList();
        assertThat(wrong).as("answers that are neither a correct result nor a 503 with Retry-After").isEmpty();
        assertThat(answers.stream().filter(a -> a.status() == 200 && a.function().equals("pdf")))
                .as("pdf results").isNotEmpty();
        assertThat(answers.stream().filter(a -> a.status() == 200 && a.function().equals("toupper")))
                .as("toupper results").isNotEmpty();
        assertThat(answers.stream().filter(a -> a.status() == 503)).as("callers turned away over the limits")
                .isNotEmpty().allMatch(a -> "urn:camel-hydra:problem:function-busy".equals(a.problemType()));
        // turned away at once, not after waiting somewhere unseen (a generous bound: the host is busy converting)
        List<Long> refused = answers.stream().filter(a -> a.status() == 503).map(HttpLoad.Answer::nanos).sorted()
                .toList();
        assertThat(Duration.ofNanos(HttpLoad.percentile(refused, 95))).as("p95 latency of the 503 answers")
                .isLessThan(Duration.ofSeconds(3));
        assertThat(after).as("heap after the load vs. baseline %d MiB", baseline >> 20)
                .isLessThan(baseline + (baseline >> 1) + (16L << 20));
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                app.url("/observe/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as("health: %s", health.body()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
    }

    /** The app's used heap right after a full collection, in bytes, as jcmd reports it. */
    private long heapUsedAfterGc() throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        String pid = String.valueOf(app.process().pid());
        run(jcmd, pid, "GC.run");
        String info = run(jcmd, pid, "GC.heap_info");
        Matcher used = HEAP_USED.matcher(info);
        assertThat(used.find()).as("jcmd GC.heap_info output: %s", info).isTrue();
        return Long.parseLong(used.group(1)) << 10;
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("%s: %s", String.join(" ", command), out).isZero();
        return out;
    }
}
