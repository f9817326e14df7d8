package dev.frh.probe;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/** Test metric reporter: remembers the currently registered gauges of the probe's state operator. */
public class RecordingReporter implements MetricReporter {
    /** A live gauge and the scope it was registered under. */
    public record Registered(String name, Gauge<?> gauge, String identifier, Map<String, String> variables) {
        long value() {
            return ((Number) gauge.getValue()).longValue();
        }
    }

    private static final Map<Metric, Registered> LIVE = new IdentityHashMap<>();

    public static synchronized List<Registered> live() {
        return new ArrayList<>(LIVE.values());
    }

    public static synchronized void clear() {
        LIVE.clear();
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        boolean probeGauge = ProbeStateFunction.METRIC_NAME.equals(name) || ProbeStateFunction.ATTEMPT_METRIC_NAME.equals(name);
        if (probeGauge && metric instanceof Gauge) {
            synchronized (RecordingReporter.class) {
                LIVE.put(metric, new Registered(name, (Gauge<?>) metric, group.getMetricIdentifier(name),
                        Map.copyOf(group.getAllVariables())));
            }
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        synchronized (RecordingReporter.class) {
            LIVE.remove(metric);
        }
    }

    /** Named by metrics.reporter.NAME.factory.class. */
    public static class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new RecordingReporter();
        }
    }
}
