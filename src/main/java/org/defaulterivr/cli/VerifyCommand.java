package org.defaulterivr.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.defaulterivr.evidence.EvidenceVerifier;
import org.defaulterivr.evidence.VerifyReport;
import org.defaulterivr.tlog.VerifierKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code verify}: the offline check of an evidence export, for auditors; needs no database and no network. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Checks an evidence export (the full log or a case bundle) offline against the log's public key, and"
                        + " names every record or tree head that was altered, removed, inserted or reordered, every"
                        + " field no signature covers, every record a bundle lacks, and every missing witness cosignature.",
                "Exit code 0 when every check passes, 1 when anything is wrong, 2 when a file cannot be read."})
public final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--export", required = true, paramLabel = "FILE", description = "the export (JSON lines)")
    Path export;

    @Option(names = "--public-key", required = true, paramLabel = "FILE",
            description = "the log's public key (PEM), e.g. from `defaulter-ivr log public-key`")
    Path publicKey;

    @Option(names = "--witness-key", paramLabel = "VKEY",
            description = "a witness's verifier key (cosignature/v1, as `defaulter-ivr witness --print-vkey` prints it):"
                    + " the checkpoint of the export's largest tree head must carry its cosignature; repeatable")
    List<String> witnessKeys = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<VerifierKey> witnesses = new ArrayList<>();
        for (String vkey : witnessKeys) {
            try {
                VerifierKey key = VerifierKey.parse(vkey);
                if (key.type() != VerifierKey.COSIGNATURE_V1) {
                    throw new IllegalArgumentException(key.name() + " is not a cosignature/v1 key (type 0x04)");
                }
                witnesses.add(key);
            } catch (IllegalArgumentException e) {
                err.println("--witness-key " + vkey + ": " + e.getMessage());
                err.flush();
                return 2;
            }
        }
        VerifyReport report;
        try {
            report = EvidenceVerifier.verify(export, Files.readString(publicKey, StandardCharsets.US_ASCII), witnesses);
        } catch (IOException e) {
            err.println("cannot read " + e.getMessage());
            err.flush();
            return 2;
        } catch (IllegalArgumentException e) {
            err.println(publicKey + " is not an Ed25519 public key in PEM: " + e.getMessage());
            err.flush();
            return 2;
        }
        report.printTo(out);
        return report.ok() ? 0 : 1;
    }
}
