package dev.frh.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real pipeline in a local MiniCluster. Checkpointing and restarts come from the
 * Configuration, as they would from a cluster's config.yaml; the job itself sets none of it.
 */
class ProbeJobMiniClusterTest {
    private static final int KEYS = 4;
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir Path dir;
    private Path out;
    private Path control;

    record Rec(int key, long seq, long count, long restoredId, String version) {
        static Rec parse(String line) {
            String[] f = line.split(",", -1);
            assertEquals(5, f.length, "bad line: " + line);
            return new Rec(Integer.parseInt(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
                    Long.parseLong(f[3]), f[4]);
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        out = dir.resolve("output");
        control = dir.resolve("control").resolve("fail");
        Files.createDirectories(control.getParent());
        RecordingReporter.clear();
    }

    /** The keys a cluster's config.yaml would carry. */
    private static Map<String, String> clusterConfig() {
        Map<String, String> c = new HashMap<>();
        c.put("execution.checkpointing.interval", "500 ms");
        c.put("restart-strategy.type", "fixed-delay");
        c.put("restart-strategy.fixed-delay.attempts", "3");
        c.put("restart-strategy.fixed-delay.delay", "200 ms");
        c.put("parallelism.default", "2");
        c.put("metrics.reporter.rec.factory.class", RecordingReporter.Factory.class.getName());
        return c;
    }

    private JobClient start(Map<String, String> config, String version, String stateUid) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(2, Configuration.fromMap(config));
        ProbeJob.build(env, ProbeArgs.parse(new String[] {
            "--output", out.toUri().toString(), "--control", control.toUri().toString(),
            "--keys", String.valueOf(KEYS), "--rate", "200",
            "--probe-version", version, "--state-uid", stateUid}));
        return env.executeAsync(ProbeJob.JOB_NAME);
    }

    /** Lines of finished (committed) part files; in-progress/pending files start with '.'. */
    private List<Rec> committed() {
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(out)) {
            List<Rec> recs = new ArrayList<>();
            for (Path p : files.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                    recs.add(Rec.parse(line));
                }
            }
            return recs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void waitUntil(String what, JobClient job, BooleanSupplier cond) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!cond.getAsBoolean()) {
            if (job != null && job.getJobStatus().get().isGloballyTerminalState()) {
                job.getJobExecutionResult().get(); // throws with the cause if it failed
                fail("job ended while waiting for: " + what);
            }
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for: " + what);
            }
            Thread.sleep(100);
        }
    }

    private static Map<Integer, List<Rec>> byKeySorted(List<Rec> recs) {
        Map<Integer, List<Rec>> m = new TreeMap<>();
        for (Rec r : recs) {
            m.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
        }
        m.values().forEach(l -> l.sort((a, b) -> Long.compare(a.seq(), b.seq())));
        return m;
    }

    /** Exactly once and intact state: per key seq = 0,1,2,... without gaps or duplicates, count = seq + 1. */
    private static void assertContiguousWithIntactState(List<Rec> recs) {
        Map<Integer, List<Rec>> m = byKeySorted(recs);
        assertEquals(Set.of(0, 1, 2, 3), m.keySet());
        m.forEach((key, l) -> {
            for (int i = 0; i < l.size(); i++) {
                Rec r = l.get(i);
                assertEquals(i, r.seq(), "key " + key + ": gap or duplicate at " + r);
                assertEquals(r.seq() + 1, r.count(), "key " + key + ": lost state at " + r);
            }
        });
    }

    private static List<Registered> liveGauges() {
        return liveGauges(ProbeStateFunction.METRIC_NAME);
    }

    private static List<Registered> liveGauges(String name) {
        return RecordingReporter.live().stream()
                .filter(r -> r.name().equals(name))
                .map(r -> new Registered(r.variables().get("<operator_name>"), r.value(), r.identifier(),
                        Long.parseLong(r.variables().get("<task_attempt_num>"))))
                .toList();
    }

    record Registered(String operatorName, long value, String identifier, long attemptOfScope) {}

    /** The attempt gauge says which execution attempt reports the restored id: the scope's own. */
    private static void assertAttemptGaugesMatchTheirScope(long minimumAttempt) {
        List<Registered> attempts = liveGauges(ProbeStateFunction.ATTEMPT_METRIC_NAME);
        assertEquals(2, attempts.size(), "one attempt gauge per state subtask: " + attempts);
        for (Registered a : attempts) {
            assertEquals(a.attemptOfScope(), a.value(), a.identifier());
            assertTrue(a.value() >= minimumAttempt, a.identifier() + " is attempt " + a.value());
        }
    }

    @Test
    void failoverRestoresNewestCheckpointAndFaultSwitchWorks() throws Exception {
        JobClient job = start(clusterConfig(), "vtest", "probe-state");
        waitUntil("first committed records", job, () -> byKeySorted(committed()).size() == KEYS
                && committed().size() >= 40);

        List<Registered> gauges = liveGauges();
        assertEquals(2, gauges.size(), "one gauge per state subtask: " + gauges);
        for (Registered g : gauges) {
            assertEquals("probe-state", g.operatorName(), g.identifier());
            assertEquals(-1L, g.value(), "not restored yet: " + g.identifier());
        }
        assertAttemptGaugesMatchTheirScope(0);
        assertTrue(committed().stream().allMatch(r -> r.restoredId() == -1L && r.version().equals("vtest")));

        Files.writeString(control, "once\n");
        waitUntil("switch consumed and restored records committed for every key", job, () ->
                !Files.exists(control)
                        && committed().stream().filter(r -> r.restoredId() > 0)
                                .map(Rec::key).distinct().count() == KEYS);
        waitUntil("gauges of the restarted subtasks", job, () -> {
            List<Registered> g = liveGauges();
            return g.size() == 2 && g.stream().allMatch(x -> x.value() > 0);
        });
        Set<Long> restoredInOutput = committed().stream().map(Rec::restoredId)
                .filter(id -> id > 0).collect(Collectors.toSet());
        Set<Long> restoredInGauges = liveGauges().stream().map(Registered::value).collect(Collectors.toSet());
        assertEquals(1, restoredInOutput.size(), "one failover, one restored checkpoint: " + restoredInOutput);
        assertEquals(restoredInOutput, restoredInGauges);
        assertAttemptGaugesMatchTheirScope(1);

        // "always": fails every restart (in open()) until the restart strategy gives up; not deleted.
        Files.writeString(control, "always");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> job.getJobExecutionResult().get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(causeChain(e).contains("probe fault switch: always"), causeChain(e));
        assertTrue(Files.exists(control), "an 'always' switch must stay");

        List<Rec> recs = committed();
        assertContiguousWithIntactState(recs);
        byKeySorted(recs).forEach((key, l) -> {
            long prev = -1;
            for (Rec r : l) {
                assertTrue(r.restoredId() >= prev, "restored id went back at " + r);
                prev = r.restoredId();
            }
        });
    }

    @Test
    void savepointUpgradeKeepsStateAndChangedUidLosesIt() throws Exception {
        Path savepoints = dir.resolve("savepoints");
        JobClient v1 = start(clusterConfig(), "v1", "probe-state");
        waitUntil("v1 records", v1, () -> committed().size() >= 40);
        String sp1 = v1.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(sp1);

        Map<String, String> fromSp1 = clusterConfig();
        fromSp1.put("execution.state-recovery.path", sp1);
        JobClient v2 = start(fromSp1, "v2", "probe-state");
        waitUntil("v2 records for every key", v2, () -> committed().stream()
                .filter(r -> r.version().equals("v2")).map(Rec::key).distinct().count() == KEYS);
        String sp2 = v2.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);

        List<Rec> upToV2 = committed();
        assertContiguousWithIntactState(upToV2); // stop-with-savepoint + resume: exactly once, state kept
        Set<Long> v2Restored = upToV2.stream().filter(r -> r.version().equals("v2"))
                .map(Rec::restoredId).collect(Collectors.toSet());
        assertEquals(1, v2Restored.size(), "v2 restored from one savepoint: " + v2Restored);
        assertTrue(v2Restored.iterator().next() > 0);

        // Zoo case: a new uid for the state operator with allowNonRestoredState drops its state.
        Map<String, String> fromSp2 = clusterConfig();
        fromSp2.put("execution.state-recovery.path", sp2);
        fromSp2.put("execution.state-recovery.ignore-unclaimed-state", "true");
        JobClient v3 = start(fromSp2, "v3", "probe-state-renamed");
        waitUntil("v3 records for every key", v3, () -> committed().stream()
                .filter(r -> r.version().equals("v3")).map(Rec::key).distinct().count() == KEYS);
        v3.cancel().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        Map<Integer, List<Rec>> v3ByKey = byKeySorted(committed().stream()
                .filter(r -> r.version().equals("v3")).toList());
        long maxV2Restored = v2Restored.iterator().next();
        v3ByKey.forEach((key, l) -> {
            Rec first = l.get(0);
            assertTrue(first.seq() > 0, "source position was restored: " + first);
            assertEquals(1L, first.count(), "state must be lost with a new uid: " + first);
            assertFalse(l.stream().anyMatch(r -> r.count() == r.seq() + 1), "state visibly lost for key " + key);
            // The task still restored from the savepoint, so the id is set although the state is empty.
            assertTrue(first.restoredId() > maxV2Restored, "restored from the newer savepoint: " + first);
        });
    }

    private static String causeChain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c).append(" <- ");
        }
        return sb.toString();
    }
}
