package org.defaulterivr.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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
    static final class PublicKey extends KeyPrinter {
        @Override
        String text(Config config, NodeKey key) {
            return key.pem();
        }
    }

    /** Prints the log's checkpoint verifier key, which witnesses are started with ({@code witness --log-key}). */
    @Command(name = "vkey", mixinStandardHelpOptions = true,
            description = {"Prints the evidence log's checkpoint verifier key (C2SP signed-note vkey: origin, key ID,"
                    + " Ed25519 key), for witnesses: defaulter-ivr witness --log-key <it>.",
                    "Exit code 1 if the node has no key yet (it makes one on its first start)."})
    static final class VerifierKeyCommand extends KeyPrinter {
        @Override
        String text(Config config, NodeKey key) {
            String origin = config.logOrigin().isEmpty() ? key.verifier().defaultOrigin() : config.logOrigin();
            return key.verifier().noteKey(origin).vkey() + System.lineSeparator();
        }
    }

    /** Reads the node's config and key, and prints what a subcommand makes of the key. */
    abstract static class KeyPrinter implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--config", paramLabel = "FILE", description = "Same config as the node.")
        Path configFile;

        abstract String text(Config config, NodeKey key);

        @Override
        public Integer call() {
            Config config = Config.load(configFile, System.getenv());
            return NodeKey.read(config, spec.commandLine().getErr()).map(key -> {
                PrintWriter out = spec.commandLine().getOut();
                out.print(text(config, key));
                out.flush();
                return 0;
            }).orElse(1);
        }
    }

    /** The node's public key as kept in data.dir/keys, read by both commands; never created here. */
    record NodeKey(String pem, TreeHeadVerifier verifier) {

        /** @return the key, or empty after one line on {@code err} saying what to do */
        static Optional<NodeKey> read(Config config, PrintWriter err) {
            Path file = config.dataDir().resolve("keys").resolve(TreeHeadSigner.PUBLIC_KEY_FILE);
            String problem;
            try {
                String pem = Files.readString(file, StandardCharsets.US_ASCII);
                return Optional.of(new NodeKey(pem, TreeHeadVerifier.fromPem(pem)));
            } catch (IOException e) {
                problem = "no public key at " + file + ": start the service once (it creates the key pair) or"
                        + " provision the log's key there";
            } catch (IllegalArgumentException e) {
                problem = file + " is not an Ed25519 public key in PEM: " + e.getMessage();
            }
            err.println(problem);
            err.flush();
            return Optional.empty();
        }
    }
}
