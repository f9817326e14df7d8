// testcontainers reads these at its first Docker call, so every module that starts containers
// imports this file before anything else of testcontainers runs.

// Ryuk (testcontainers' reaper) cannot be pulled offline; our own label-based sweep replaces it.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';

// When the harness itself runs in a container (/.dockerenv exists, as on CI machines),
// testcontainers would reach published ports through the bridge gateway (172.17.0.1). We publish
// on 127.0.0.1 only, so that address answers nothing: point it at loopback.
process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';

export {};
