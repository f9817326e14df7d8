package dev.frh.probe;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The harness's fault switch: an object at {@code --control}, read through Flink's FileSystem
 * (so s3:// goes through the cluster's S3 plugin). Content {@code once}: delete it, then fail.
 * Anything else (e.g. {@code always}): fail without deleting. Absent: nothing happens.
 * I/O errors while looking are logged and ignored, so storage hiccups never cause a failover.
 */
final class FaultSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(FaultSwitch.class);
    static final long CHECK_INTERVAL_NANOS = 250_000_000L;

    private final Path path;
    private long lastCheckNanos;

    FaultSwitch(String control) {
        this.path = new Path(control);
        this.lastCheckNanos = System.nanoTime();
    }

    /** Checks at most every 250 ms. */
    void maybeCheck() {
        long now = System.nanoTime();
        if (now - lastCheckNanos >= CHECK_INTERVAL_NANOS) {
            lastCheckNanos = now;
            check();
        }
    }

    /** Checks now; throws RuntimeException("probe fault switch: ...") when the switch is set. */
    void check() {
        String content;
        FileSystem fs;
        try {
            fs = path.getFileSystem();
            if (!fs.exists(path)) {
                return;
            }
            try (InputStream in = fs.open(path)) {
                content = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
        } catch (FileNotFoundException e) {
            return; // deleted between exists() and open(), e.g. by another subtask
        } catch (IOException e) {
            LOG.warn("probe fault switch: cannot read {}, ignoring", path, e);
            return;
        }
        if ("once".equals(content)) {
            try {
                fs.delete(path, false);
            } catch (IOException e) {
                LOG.warn("probe fault switch: cannot delete {}", path, e);
            }
            throw new RuntimeException("probe fault switch: once");
        }
        throw new RuntimeException("probe fault switch: always");
    }
}
