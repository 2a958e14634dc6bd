package org.defaulterivr;

import org.defaulterivr.cli.ConfigCommand;
import org.defaulterivr.cli.DemoListingCommand;
import org.defaulterivr.cli.LogCommand;
import org.defaulterivr.cli.ProbeCommand;
import org.defaulterivr.cli.ServeCommand;
import org.defaulterivr.cli.TokenCommand;
import org.defaulterivr.cli.VerifyCommand;
import org.defaulterivr.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code serve} runs the service; the other subcommands are tools for operators. */
@Command(name = "defaulter-ivr", mixinStandardHelpOptions = true, version = "defaulter-ivr 0.1.0",
        description = "Plays courts' judgment-defaulter notices to callers as early media, over FastAGI.",
        subcommands = {ServeCommand.class, ProbeCommand.class, DemoListingCommand.class, ConfigCommand.class,
                TokenCommand.class, VerifyCommand.class, LogCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new Main());
        // a setting that must change (a taken port, a database that can lose commits) is one line, not a stack trace
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            if (e instanceof ConfigException) {
                cl.getErr().println("defaulter-ivr: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(commandLine.execute(args.length == 0 ? new String[] {"serve"} : args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
