package org.defaulterivr.cli;

import java.io.PrintWriter;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.defaulterivr.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * How a command that fails tells the operator: one line on standard error saying what went wrong and what to do.
 * The stack trace goes to the log at debug level only ({@code DIVR_LOG_LEVEL=debug}).
 */
public final class CommandErrors implements IExecutionExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(CommandErrors.class);
    public static final int FAILED = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getCommandName() + ": " + oneLine(e));
        err.flush();
        log.debug("{} failed", commandLine.getCommandName(), e);
        return FAILED;
    }

    /** The operator's line for a failure: the user error's own message, else what failed and where to look. */
    static String oneLine(Throwable e) {
        Throwable cause = unwrap(e);
        if (cause instanceof UserError || cause instanceof ConfigException) {
            return cause.getMessage();
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "cannot connect (" + t.getMessage() + "): is the node running, and do --config and the"
                        + " environment match the node's configuration?";
            }
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.lines().findFirst().orElse("") + " (DIVR_LOG_LEVEL=debug shows the details)";
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
