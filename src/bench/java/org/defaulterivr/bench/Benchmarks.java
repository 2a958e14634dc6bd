package org.defaulterivr.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The benchmark suite's one entry point (BENCHMARKS.md has the figures and the commands). Load scenarios run our
 * server and asterisk-java's DefaultAgiServer as separate JVMs with the same heap, one after the other, and print
 * both sets of figures with their ratio.
 */
@Command(name = "benchmarks", mixinStandardHelpOptions = true,
        description = "defaulter-ivr benchmarks, side by side with asterisk-java's FastAGI server.",
        subcommands = {LoadScenarios.Unlisted.class, LoadScenarios.Rate.class, LoadScenarios.Held.class,
                RegistryScenario.class, RegistryScenario.Child.class, EvidenceScenario.class,
                DelistingScenario.class, JmhScenario.class, DriveCommand.class, CommandLine.HelpCommand.class})
public final class Benchmarks implements Runnable {

    public static void main(String[] args) {
        // exec:exec hands the whole -Dbench="..." over as words already; a single quoted word is split here
        if (args.length == 1 && args[0].contains(" ")) {
            args = args[0].trim().split("\\s+");
        }
        System.exit(new CommandLine(new Benchmarks()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
