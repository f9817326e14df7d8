package dev.frh.probe;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * The probe job: a deterministic, checkpointed counter per key whose output lines say which
 * checkpoint each subtask restored from and whether its keyed state survived.
 *
 * <p>Output line: {@code key,seq,count,restoredCheckpointId,probeVersion}. With intact state
 * {@code count == seq + 1} on every line; {@code restoredCheckpointId} is -1 before any restore.
 *
 * <p>Checkpointing, restart strategy and state backend are deliberately left to the cluster's
 * configuration.
 */
public final class ProbeJob {
    public static final String JOB_NAME = "probe";
    public static final String SOURCE_UID = "probe-source";
    public static final String MAP_UID = "probe-key";
    public static final String SINK_UID = "probe-sink";

    private ProbeJob() {}

    public static void main(String[] argv) throws Exception {
        ProbeArgs args = ProbeArgs.parse(argv);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, args);
        env.execute(JOB_NAME);
    }

    /** Adds the probe pipeline to {@code env}; nothing else about {@code env} is changed. */
    public static void build(StreamExecutionEnvironment env, ProbeArgs args) {
        DataGeneratorSource<Long> source =
                new DataGeneratorSource<>(
                        new IndexGenerator(),
                        Long.MAX_VALUE,
                        RateLimiterStrategy.perSecond(args.rate),
                        Types.LONG);

        DataStream<Tuple2<Integer, Long>> keyed =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), SOURCE_UID)
                        .uid(SOURCE_UID)
                        .name(SOURCE_UID)
                        .setParallelism(1)
                        .map(new KeySeq(args.keys))
                        .uid(MAP_UID)
                        .name(MAP_UID)
                        .setParallelism(1);

        DataStream<String> lines =
                keyed.keyBy(new KeySelectorByKey())
                        .process(new ProbeStateFunction(args.control, args.probeVersion))
                        .uid(args.stateUid)
                        .name(args.stateUid);

        FileSink<String> sink =
                FileSink.forRowFormat(new Path(args.output), new SimpleStringEncoder<String>("UTF-8"))
                        .withBucketAssigner(new BasePathBucketAssigner<>())
                        .withRollingPolicy(OnCheckpointRollingPolicy.build())
                        .build();
        lines.sinkTo(sink).uid(SINK_UID).name(SINK_UID);
    }

    /** Generates the index n itself: 0, 1, 2, ... */
    static final class IndexGenerator implements GeneratorFunction<Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long map(Long index) {
            return index;
        }
    }

    /** n -> (key = n % keys, seq = n / keys). */
    static final class KeySeq implements MapFunction<Long, Tuple2<Integer, Long>> {
        private static final long serialVersionUID = 1L;
        private final int keys;

        KeySeq(int keys) {
            this.keys = keys;
        }

        @Override
        public Tuple2<Integer, Long> map(Long n) {
            return Tuple2.of((int) (n % keys), n / keys);
        }
    }

    static final class KeySelectorByKey
            implements org.apache.flink.api.java.functions.KeySelector<Tuple2<Integer, Long>, Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public Integer getKey(Tuple2<Integer, Long> value) {
            return value.f0;
        }
    }
}
