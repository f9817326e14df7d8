package dev.frh.probe;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed counter. Per key: count (number of elements seen) and lastSeq. Emits
 * {@code key,seq,count,restoredCheckpointId,probeVersion}; intact state means count == seq + 1.
 *
 * <p>{@link #initializeState} records the checkpoint/savepoint id this subtask was restored from
 * ({@code FunctionInitializationContext#getRestoredCheckpointId()}, present in Flink 1.20 and 2.x;
 * -1 when not restored). It is exposed as the gauge {@value #METRIC_NAME} on this operator's metric
 * group, next to {@value #ATTEMPT_METRIC_NAME}, the execution attempt that reports it: the
 * JobManager's metric store can keep an earlier attempt's value for a while after a restart, and
 * the attempt number is how a reader tells a current value from a stale one.
 */
public class ProbeStateFunction extends KeyedProcessFunction<Integer, Tuple2<Integer, Long>, String>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    public static final String METRIC_NAME = "restoredCheckpointId";
    public static final String ATTEMPT_METRIC_NAME = "restoredCheckpointIdAttempt";

    private final String control;
    private final String probeVersion;

    private transient ValueState<Long> count;
    private transient ValueState<Long> lastSeq;
    private transient volatile long restoredCheckpointId = -1L;
    private transient FaultSwitch faultSwitch;

    public ProbeStateFunction(String control, String probeVersion) {
        this.control = control;
        this.probeVersion = probeVersion;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        restoredCheckpointId = context.getRestoredCheckpointId().orElse(-1L);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        // Nothing to do: the keyed state is snapshotted by Flink.
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        lastSeq = getRuntimeContext().getState(new ValueStateDescriptor<>("lastSeq", Types.LONG));
        getRuntimeContext().getMetricGroup().gauge(METRIC_NAME, (Gauge<Long>) () -> restoredCheckpointId);
        int attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
        getRuntimeContext().getMetricGroup().gauge(ATTEMPT_METRIC_NAME, (Gauge<Integer>) () -> attempt);
        faultSwitch = new FaultSwitch(control);
        faultSwitch.check(); // an "always" switch fails every restart right here
    }

    @Override
    public void processElement(Tuple2<Integer, Long> in, Context ctx, Collector<String> out)
            throws Exception {
        faultSwitch.maybeCheck();
        Long c = count.value();
        long next = (c == null ? 0L : c) + 1;
        count.update(next);
        lastSeq.update(in.f1);
        out.collect(in.f0 + "," + in.f1 + "," + next + "," + restoredCheckpointId + "," + probeVersion);
    }
}
