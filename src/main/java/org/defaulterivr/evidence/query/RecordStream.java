package org.defaulterivr.evidence.query;

import io.vertx.core.Future;
import io.vertx.core.streams.ReadStream;

/**
 * Records read from the database a few hundred at a time through a cursor, with back-pressure: pausing the stream
 * stops the fetching. {@link #close} ends it early and frees its connection; the end and any failure do so too.
 */
public interface RecordStream<T> extends ReadStream<T> {

    Future<Void> close();
}
