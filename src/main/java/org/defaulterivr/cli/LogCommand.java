package org.defaulterivr.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.defaulterivr.config.Config;
import org.defaulterivr.evidence.TreeHeadSigner;
import org.defaulterivr.evidence.TreeHeadVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code log}: the evidence log's tools for operators. */
@Command(name = "log", mixinStandardHelpOptions = true, description = "Tools for the evidence log.",
        subcommands = {LogCommand.PublicKey.class, LogCommand.VerifierKeyCommand.class})
public final class LogCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints the public key auditors verify exports with; never creates a key. */
    @Command(name = "public-key", mixinStandardHelpOptions = true,
            description = {"Prints the evidence log's public key (PEM) from data.dir/keys, for auditors.",
                    "Exit code 1 if the node has no key yet (it makes one on its first start)."})
    static final class PublicKey implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--config", paramLabel = "FILE", description = "Same config as the node.")
        Path configFile;

        @Override
        public Integer call() {
            Config config = Config.load(configFile, System.getenv());
            Path file = config.dataDir().resolve("keys").resolve(TreeHeadSigner.PUBLIC_KEY_FILE);
            PrintWriter err = spec.commandLine().getErr();
            String pem;
            try {
                pem = Files.readString(file, StandardCharsets.US_ASCII);
                TreeHeadVerifier.fromPem(pem);
            } catch (IOException e) {
                err.println("no public key at " + file + ": start the service once (it creates the key pair) or"
                        + " provision the log's key there");
                err.flush();
                return 1;
            } catch (IllegalArgumentException e) {
                err.println(file + " is not an Ed25519 public key in PEM: " + e.getMessage());
                err.flush();
                return 1;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(pem);
            out.flush();
            return 0;
        }
    }

    /** Prints the log's checkpoint verifier key, which witnesses are started with ({@code witness --log-key}). */
    @Command(name = "vkey", mixinStandardHelpOptions = true,
            description = {"Prints the evidence log's checkpoint verifier key (C2SP signed-note vkey: origin, key ID,"
                    + " Ed25519 key), for witnesses: defaulter-ivr witness --log-key <it>.",
                    "Exit code 1 if the node has no key yet (it makes one on its first start)."})
    static final class VerifierKeyCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--config", paramLabel = "FILE", description = "Same config as the node.")
        Path configFile;

        @Override
        public Integer call() {
            Config config = Config.load(configFile, System.getenv());
            Path file = config.dataDir().resolve("keys").resolve(TreeHeadSigner.PUBLIC_KEY_FILE);
            PrintWriter err = spec.commandLine().getErr();
            TreeHeadVerifier key;
            try {
                key = TreeHeadVerifier.fromPem(Files.readString(file, StandardCharsets.US_ASCII));
            } catch (IOException | IllegalArgumentException e) {
                err.println("no usable public key at " + file + ": start the service once (it creates the key pair)"
                        + " or provision the log's key there");
                err.flush();
                return 1;
            }
            String origin = config.logOrigin().isEmpty() ? key.defaultOrigin() : config.logOrigin();
            PrintWriter out = spec.commandLine().getOut();
            out.println(key.noteKey(origin).vkey());
            out.flush();
            return 0;
        }
    }
}
