package org.defaulterivr.index;

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
    private final PgConnectOptions options;
    private PgSubscriber subscriber;
    private final Clock clock;
    private final Set<Long> changed = new LinkedHashSet<>();
    private boolean reloadScheduled;
    private volatile boolean stopping;
    private volatile boolean inSync;
    private int failedAttempts;
    private final Promise<Void> firstLoad = Promise.promise();

    public RegistryRefresher(Vertx vertx, PgConnectOptions options, RegistryRepository repository, ListingIndex index,
            Clock clock) {
        this.vertx = vertx;
        this.repository = repository;
        this.index = index;
        this.clock = clock;
        this.options = options;
    }

    /** Subscribes and loads the index in full; completes when the first full load is done, however long it takes. */
    public Future<Void> start() {
        connect();
        return firstLoad.future();
    }

    /**
     * Opens a fresh subscriber; on failure, and whenever the channel is lost, tries again a second later. A node may
     * start while the database is down, so the first connection is retried the same way. Every (re)subscription
     * reloads the index in full, which covers whatever changed while the channel was down.
     */
    private void connect() {
        if (stopping) {
            return;
        }
        PgSubscriber fresh = PgSubscriber.subscriber(vertx, options);
        fresh.channel(CHANNEL)
                .subscribeHandler(v -> fullLoad())
                .handler(this::onChange);
        fresh.channel(EXEMPT_CALLERS_CHANNEL)
                .handler(payload -> loadExemptCallers());
        fresh.closeHandler(v -> {
            if (inSync) {
                inSync = false;
                index.markSynced(clock.instant());
            }
            if (!stopping) {
                log.warn("registry notification channel lost; reconnecting");
                vertx.setTimer(1000, t -> connect());
            }
        });
        subscriber = fresh;
        fresh.connect().onFailure(e -> {
            fresh.close();
            if (!stopping) {
                if (failedAttempts++ % 60 == 0) {
                    log.warn("registry notification channel unavailable ({}); retrying every second", e.getMessage());
                }
                vertx.setTimer(1000, t -> connect());
            }
        });
    }

    /**
     * How far the index may be behind the database: zero while the change feed is up and the index loaded, else
     * the time since it last surely matched; empty before any load.
     */
    public java.util.Optional<java.time.Duration> staleness() {
        if (index.loadedAt() == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(inSync ? java.time.Duration.ZERO
                : java.time.Duration.between(index.loadedAt(), clock.instant()));
    }

    public Future<Void> stop() {
        stopping = true;
        return subscriber == null ? Future.succeededFuture() : subscriber.close();
    }

    private void fullLoad() {
        var asOf = clock.instant();
        repository.exemptCallers()
                .onSuccess(index::replaceExemptCallers)
                .compose(v -> repository.loadAll())
                .onSuccess(loaded -> {
                    index.replaceAll(loaded.listings(), asOf);
                    index.replaceQuarantined(loaded.quarantined());
                    alarm(loaded.quarantined());
                    inSync = true;
                    failedAttempts = 0;
                    log.info("registry index loaded: {} numbers in {} cases", index.numberCount(), index.caseCount());
                    firstLoad.tryComplete();
                })
                .onFailure(e -> {
                    log.error("registry full load failed ({}); retrying in 1 s", e.getMessage());
                    vertx.setTimer(1000, t -> fullLoad());
                });
    }

    /**
     * One line per case set aside, naming it (the case id: no personal data) and the reason, so that one bad row is
     * found and mended instead of stopping every load.
     */
    private static void alarm(java.util.Map<Long, String> quarantined) {
        quarantined.forEach((caseId, why) -> log.error(
                "registry: case {} set aside, its listings are not screened: {}; mend the row in defaulter_case",
                caseId, why));
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
                .onSuccess(loaded -> {
                    index.replaceCases(batch, loaded.listings());
                    index.updateQuarantined(batch, loaded.quarantined());
                    alarm(loaded.quarantined());
                })
                .onFailure(e -> {
                    log.warn("reloading {} changed cases failed ({}); retrying", batch.size(), e.getMessage());
                    vertx.setTimer(1000, t -> batch.forEach(id -> onChange(Long.toString(id))));
                });
    }
}
