package dev.frh.examples;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.ReduceFunction;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.windowing.assigners.TumblingProcessingTimeWindows;

/**
 * An ordinary keyed windowed count, standing in for a user's job: nothing in it reports to the
 * harness. Its state is the source's position, a running count of the records each subtask has
 * seen (operator state in an operator chained behind the source, so REST shows no vertex of its
 * own) and the open windows' counts, all under explicit UIDs, so a restore can be checked operator
 * by operator against the snapshot's _metadata.
 *
 * <p>Arguments: --keys N (default 8), --rate records/s (default 20), --window-seconds S (default 10),
 * --window-uid UID (default window-count), --count-uid UID (default records-seen-counter); changing a UID
 * is how a test seeds a dropped operator. --parallelism N sets the job's parallelism in its code
 * ({@code env.setParallelism}), as many jobs do: the platform's parallelism no longer reaches it.
 */
public final class WindowedCountJob {
    static final String SOURCE_UID = "sequence-source";
    static final String KEY_UID = "assign-key";
    static final String SINK_UID = "discard";

    private WindowedCountJob() {}

    public static void main(String[] argv) throws Exception {
        int keys = 8;
        int rate = 20;
        int windowSeconds = 10;
        String windowUid = "window-count";
        String countUid = "records-seen-counter";
        int parallelism = 0;
        for (int i = 0; i < argv.length; i += 2) {
            if (i + 1 >= argv.length) throw new IllegalArgumentException("missing value after " + argv[i]);
            String value = argv[i + 1];
            switch (argv[i]) {
                case "--keys" -> keys = Integer.parseInt(value);
                case "--rate" -> rate = Integer.parseInt(value);
                case "--window-seconds" -> windowSeconds = Integer.parseInt(value);
                case "--window-uid" -> windowUid = value;
                case "--count-uid" -> countUid = value;
                case "--parallelism" -> parallelism = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown argument " + argv[i]
                        + " (known: --keys, --rate, --window-seconds, --window-uid, --count-uid, --parallelism)");
            }
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (parallelism > 0) env.setParallelism(parallelism);
        DataGeneratorSource<Long> source = new DataGeneratorSource<>(
                (GeneratorFunction<Long, Long>) index -> index,
                Long.MAX_VALUE,
                RateLimiterStrategy.perSecond(rate),
                Types.LONG);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), SOURCE_UID)
                .uid(SOURCE_UID)
                .map(new CountRecords())
                .uid(countUid)
                .name("count-records")
                .map(new AssignKey(keys))
                .uid(KEY_UID)
                .name(KEY_UID)
                .keyBy(pair -> pair.f0)
                .window(TumblingProcessingTimeWindows.of(Duration.ofSeconds(windowSeconds)))
                .reduce(new Sum())
                .uid(windowUid)
                .name("windowed-count")
                .sinkTo(new DiscardingSink<>())
                .uid(SINK_UID)
                .name(SINK_UID);
        env.execute("windowed-count");
    }

    /** Passes records through and keeps how many this subtask has seen, in operator state. */
    static final class CountRecords implements MapFunction<Long, Long>, CheckpointedFunction {
        private transient ListState<Long> checkpointedCount;
        private long count;

        @Override
        public Long map(Long index) {
            count++;
            return index;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            checkpointedCount.update(java.util.List.of(count));
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            checkpointedCount = context.getOperatorStateStore()
                    .getListState(new ListStateDescriptor<>("records-seen", Types.LONG));
            for (Long restored : checkpointedCount.get()) count += restored;
        }
    }

    /** Spreads the sequence over `keys` keys, each record counting one. */
    static final class AssignKey implements MapFunction<Long, Tuple2<String, Long>> {
        private final int keys;

        AssignKey(int keys) {
            this.keys = keys;
        }

        @Override
        public Tuple2<String, Long> map(Long index) {
            return Tuple2.of("key-" + (index % keys), 1L);
        }
    }

    static final class Sum implements ReduceFunction<Tuple2<String, Long>> {
        @Override
        public Tuple2<String, Long> reduce(Tuple2<String, Long> a, Tuple2<String, Long> b) {
            return Tuple2.of(a.f0, a.f1 + b.f1);
        }
    }
}
