package org.defaulterivr.registry;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link ListingIndex} equal to the database: a full load whenever the notification channel is (re)subscribed
 * (so a node that lost the channel catches up), and a reload of just the changed cases on every
 * {@code registry_changed} notification. Changes arriving together are reloaded in one query. The global caller
 * allowlist is loaded with every full load and again on each {@code exempt_callers_changed} notification.
 */
public final class RegistryRefresher {
    private static final Logger log = LoggerFactory.getLogger(RegistryRefresher.class);
    static final String CHANNEL = "registry_changed";
    static final String EXEMPT_CALLERS_CHANNEL = "exempt_callers_changed";
    private static final long COALESCE_MS = 5;

    private final Vertx vertx;
    private final RegistryRepository repository;
    private final ListingIndex index;
    private final PgSubscriber subscriber;
    private final Clock clock;
    private final Set<Long> changed = new LinkedHashSet<>();
    private boolean reloadScheduled;
    private final Promise<Void> firstLoad = Promise.promise();

    public RegistryRefresher(Vertx vertx, PgConnectOptions options, RegistryRepository repository, ListingIndex index,
            Clock clock) {
        this.vertx = vertx;
        this.repository = repository;
        this.index = index;
        this.clock = clock;
        this.subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(attempt -> 1000L);
    }

    /** Subscribes and loads the index in full; completes when the first full load is done. */
    public Future<Void> start() {
        subscriber.channel(CHANNEL)
                .subscribeHandler(v -> fullLoad())
                .handler(this::onChange);
        subscriber.channel(EXEMPT_CALLERS_CHANNEL)
                .handler(payload -> loadExemptCallers());
        subscriber.closeHandler(v -> log.warn("registry notification channel lost; reconnecting"));
        return subscriber.connect().compose(v -> firstLoad.future());
    }

    public Future<Void> stop() {
        return subscriber.close();
    }

    private void fullLoad() {
        var asOf = clock.instant();
        repository.exemptCallers()
                .onSuccess(index::replaceExemptCallers)
                .compose(v -> repository.loadAll())
                .onSuccess(listings -> {
                    index.replaceAll(listings, asOf);
                    log.info("registry index loaded: {} numbers in {} cases", index.numberCount(), index.caseCount());
                    firstLoad.tryComplete();
                })
                .onFailure(e -> {
                    log.error("registry full load failed ({}); retrying in 1 s", e.getMessage());
                    vertx.setTimer(1000, t -> fullLoad());
                });
    }

    private void loadExemptCallers() {
        repository.exemptCallers()
                .onSuccess(index::replaceExemptCallers)
                .onFailure(e -> {
                    log.warn("reloading the caller allowlist failed ({}); retrying", e.getMessage());
                    vertx.setTimer(1000, t -> loadExemptCallers());
                });
    }

    private void onChange(String payload) {
        long caseId;
        try {
            caseId = Long.parseLong(payload.trim());
        } catch (NumberFormatException e) {
            log.warn("ignoring malformed registry notification");
            return;
        }
        synchronized (changed) {
            changed.add(caseId);
            if (reloadScheduled) {
                return;
            }
            reloadScheduled = true;
        }
        vertx.setTimer(COALESCE_MS, t -> reloadChanged());
    }

    private void reloadChanged() {
        List<Long> batch;
        synchronized (changed) {
            batch = List.copyOf(changed);
            changed.clear();
            reloadScheduled = false;
        }
        repository.loadCases(batch)
                .onSuccess(listings -> index.replaceCases(batch, listings))
                .onFailure(e -> {
                    log.warn("reloading {} changed cases failed ({}); retrying", batch.size(), e.getMessage());
                    vertx.setTimer(1000, t -> batch.forEach(id -> onChange(Long.toString(id))));
                });
    }
}
