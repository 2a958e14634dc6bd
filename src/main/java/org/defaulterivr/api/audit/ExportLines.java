package org.defaulterivr.api.audit;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.defaulterivr.evidence.EvidenceExportWriter;
import org.defaulterivr.evidence.ExportScope;

/** An export being written: each call renders some lines and hands back their bytes. */
final class ExportLines {
    private final BufferOutputStream out = new BufferOutputStream();
    private final EvidenceExportWriter writer;

    ExportLines(ExportScope scope) {
        try {
            writer = EvidenceExportWriter.start(out, scope);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    interface Lines {
        void write(EvidenceExportWriter writer) throws IOException;
    }

    Buffer write(Lines lines) {
        try {
            lines.write(writer);
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.take();
    }
}
