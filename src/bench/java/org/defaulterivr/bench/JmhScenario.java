package org.defaulterivr.bench;

import java.util.concurrent.Callable;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The in-process figures, measured with JMH: lookup, FastAGI parsing, leaf hashing. */
@Command(name = "jmh", mixinStandardHelpOptions = true,
        description = "JMH: ListingIndex lookup at 10M, FastAGI parsing (ours and asterisk-java's), leaf hashing.")
final class JmhScenario implements Callable<Integer> {
    @Option(names = "--include", defaultValue = "org.defaulterivr.bench.jmh.*",
            description = "benchmark regex (default ${DEFAULT-VALUE})")
    String include;

    @Option(names = "--size", description = "override the registry size of the lookup benchmark")
    String size;

    @Override
    public Integer call() throws Exception {
        ChainedOptionsBuilder options = new OptionsBuilder().include(include).shouldFailOnError(true);
        if (size != null) {
            options.param("size", size);
        }
        new Runner(options.build()).run();
        return 0;
    }
}
