package org.defaulterivr.bench;

import picocli.CommandLine.Option;

/** The load generator's options that every command driving it shares (a picocli mixin). */
final class GeneratorOptions {
    @Option(names = "--listed-numbers", defaultValue = "1000",
            description = "numbers registered as listed in the server(s) under load (default ${DEFAULT-VALUE})")
    int listedNumbers;

    @Option(names = "--sources", defaultValue = "16",
            description = "loopback source addresses 127.0.0.1..N, like N Asterisk hosts (default ${DEFAULT-VALUE})")
    int sources;

    @Option(names = "--event-loops", defaultValue = "2", description = "the generator's event loops")
    int eventLoops;

    @Option(names = "--lab-client",
            description = "lab mode, not Asterisk: the environment in one write with TCP_NODELAY (by default each line"
                    + " is its own write with Nagle on, as res_agi does)")
    boolean labClient;
}
