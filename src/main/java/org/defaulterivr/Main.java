package org.defaulterivr;

import org.defaulterivr.cli.CommandErrors;
import org.defaulterivr.cli.ConfigCommand;
import org.defaulterivr.cli.CourtCommand;
import org.defaulterivr.cli.DemoListingCommand;
import org.defaulterivr.cli.LogCommand;
import org.defaulterivr.cli.ProbeCommand;
import org.defaulterivr.cli.ServeCommand;
import org.defaulterivr.cli.PersonCommand;
import org.defaulterivr.cli.TokenCommand;
import org.defaulterivr.cli.VerifyCommand;
import org.defaulterivr.cli.WitnessCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code serve} runs the service; the other subcommands are tools for operators. */
@Command(name = "defaulter-ivr", mixinStandardHelpOptions = true, version = "defaulter-ivr 0.1.0",
        description = "Plays courts' judgment-defaulter notices to callers as early media, over FastAGI.",
        subcommands = {ServeCommand.class, ProbeCommand.class, DemoListingCommand.class, ConfigCommand.class,
                CourtCommand.class, TokenCommand.class, PersonCommand.class, VerifyCommand.class, LogCommand.class,
                WitnessCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args.length == 0 ? new String[] {"serve"} : args));
    }

    /** The command line as {@code main} runs it (tests run commands through this too). */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionExceptionHandler(new CommandErrors());
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
