package dev.frh.probe;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Command-line arguments of the probe job, all of the form {@code --name value}. */
public final class ProbeArgs implements Serializable {
    private static final long serialVersionUID = 1L;

    static final Set<String> NAMES =
            Set.of("output", "control", "keys", "rate", "probe-version", "state-uid");

    public final String output;
    public final String control;
    public final int keys;
    public final long rate;
    public final String probeVersion;
    public final String stateUid;

    public ProbeArgs(
            String output, String control, int keys, long rate, String probeVersion, String stateUid) {
        this.output = output;
        this.control = control;
        this.keys = keys;
        this.rate = rate;
        this.probeVersion = probeVersion;
        this.stateUid = stateUid;
    }

    /** Parses {@code --name value} pairs; throws IllegalArgumentException on anything else. */
    public static ProbeArgs parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String flag = args[i];
            if (!flag.startsWith("--") || !NAMES.contains(flag.substring(2))) {
                throw new IllegalArgumentException("unknown argument: " + flag + usage());
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + flag + usage());
            }
            values.put(flag.substring(2), args[i + 1]);
        }
        String output = required(values, "output");
        String control = required(values, "control");
        int keys = (int) positive(values, "keys", 4);
        long rate = positive(values, "rate", 20);
        String probeVersion = values.getOrDefault("probe-version", "v1");
        if (probeVersion.isEmpty() || probeVersion.contains(",") || probeVersion.contains("\n")) {
            throw new IllegalArgumentException("--probe-version must be non-empty, without ',' or newline");
        }
        String stateUid = values.getOrDefault("state-uid", "probe-state");
        if (stateUid.isBlank()) {
            throw new IllegalArgumentException("--state-uid must not be blank");
        }
        return new ProbeArgs(output, control, keys, rate, probeVersion, stateUid);
    }

    private static String required(Map<String, String> values, String name) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required" + usage());
        }
        return v;
    }

    private static long positive(Map<String, String> values, String name, long dflt) {
        String v = values.get(name);
        if (v == null) {
            return dflt;
        }
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer, got: " + v);
        }
        if (n <= 0 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--" + name + " must be in 1.." + Integer.MAX_VALUE + ", got: " + v);
        }
        return n;
    }

    static String usage() {
        return "\nusage: ProbeJob --output <uri> --control <uri> [--keys 4] [--rate 20]"
                + " [--probe-version v1] [--state-uid probe-state]";
    }
}
