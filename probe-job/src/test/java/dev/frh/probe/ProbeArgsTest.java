package dev.frh.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ProbeArgsTest {
    @Test
    void defaults() {
        ProbeArgs a = ProbeArgs.parse(new String[] {"--output", "s3://flink/output", "--control", "s3://flink/control/fail"});
        assertEquals("s3://flink/output", a.output);
        assertEquals("s3://flink/control/fail", a.control);
        assertEquals(4, a.keys);
        assertEquals(20, a.rate);
        assertEquals("v1", a.probeVersion);
        assertEquals("probe-state", a.stateUid);
    }

    @Test
    void allArguments() {
        ProbeArgs a = ProbeArgs.parse(new String[] {
            "--keys", "7", "--rate", "100", "--probe-version", "v2", "--state-uid", "other",
            "--output", "file:///tmp/o", "--control", "file:///tmp/c"});
        assertEquals(7, a.keys);
        assertEquals(100, a.rate);
        assertEquals("v2", a.probeVersion);
        assertEquals("other", a.stateUid);
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> ProbeArgs.parse(new String[] {"--output", "x"}));
        assertThrows(IllegalArgumentException.class, () -> ProbeArgs.parse(new String[] {"--control", "x"}));
        assertThrows(IllegalArgumentException.class,
                () -> ProbeArgs.parse(new String[] {"--output", "x", "--control", "y", "--keys", "0"}));
        assertThrows(IllegalArgumentException.class,
                () -> ProbeArgs.parse(new String[] {"--output", "x", "--control", "y", "--rate", "fast"}));
        assertThrows(IllegalArgumentException.class,
                () -> ProbeArgs.parse(new String[] {"--output", "x", "--control", "y", "--bogus", "1"}));
        assertThrows(IllegalArgumentException.class,
                () -> ProbeArgs.parse(new String[] {"--output", "x", "--control"}));
        assertThrows(IllegalArgumentException.class,
                () -> ProbeArgs.parse(new String[] {"--output", "x", "--control", "y", "--probe-version", "a,b"}));
    }
}
