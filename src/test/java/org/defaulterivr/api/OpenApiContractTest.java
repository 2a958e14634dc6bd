package org.defaulterivr.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.defaulterivr.access.TokenRepository;
import org.defaulterivr.api.audit.AuditAccess;
import org.defaulterivr.api.audit.AuditorRoutes;
import org.defaulterivr.config.Config;
import org.defaulterivr.evidence.LogRepository;
import org.defaulterivr.evidence.query.AccessLog;
import org.defaulterivr.evidence.query.AuditRepository;
import org.defaulterivr.notice.NoticeStore;
import org.defaulterivr.numbers.PhoneNumbers;
import org.defaulterivr.people.People;
import org.defaulterivr.people.PersonRepository;
import org.defaulterivr.people.TotpSeal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document and the router describe the same API: every route documented, every operation routed. */
class OpenApiContractTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete", "head", "options");

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationIsRouted(@TempDir Path dataDir) throws Exception {
        Set<String> routed = new TreeSet<>();
        Vertx vertx = Vertx.vertx();
        try {
            // the pool connects lazily: building the router touches no database
            Pool pool = PgBuilder.pool().connectingTo(new PgConnectOptions()).using(vertx).build();
            RegistryApi api = new RegistryApi(vertx, pool, Config.of(Map.of("data.dir", dataDir.toString())),
                    new PhoneNumbers("CN"), new NoticeStore(dataDir.resolve("notices")), Clock.systemUTC());
            Router router = api.router(vertx);
            // the evidence-log routes join the same /v1 router (Service)
            new AuditorRoutes(AuditAccess.auditorTokens(), new LogRepository(pool), new AuditRepository(pool),
                    new AccessLog(pool), "", new org.defaulterivr.evidence.CheckpointRepository(pool), "").mount(router);
            // and the web console's people (Service)
            new PeopleRoutes(new People(vertx, new PersonRepository(pool), new TotpSeal(new byte[32]),
                    new TokenRepository(pool), Clock.systemUTC())).mount(router);
            for (Route route : router.getRoutes()) {
                if (route.getPath() == null || route.methods() == null || route.methods().isEmpty()) {
                    continue; // authentication, the 404 fallback, the error handler: on every path
                }
                String path = route.getPath().replaceAll(":([A-Za-z]+)", "{$1}");
                route.methods().forEach(m -> routed.add(m.name() + " " + path));
            }
            api.stop();
            pool.close();
        } finally {
            vertx.close();
        }

        JsonNode doc;
        try (InputStream in = RegistryApi.class.getResourceAsStream(RegistryApi.OPENAPI_RESOURCE)) {
            doc = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        assertEquals("/v1", doc.at("/servers/0/url").asText());
        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<String> keys = path.getValue().fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (METHODS.contains(key)) {
                    documented.add(key.toUpperCase() + " " + path.getKey());
                    JsonNode operation = path.getValue().get(key);
                    assertTrue(operation.has("operationId") && operation.has("responses"), key + " " + path.getKey());
                    if (!path.getKey().equals("/openapi.yaml")) {
                        assertTrue(operation.has("x-roles"), "roles documented for " + key + " " + path.getKey());
                        assertTrue(operation.get("responses").has("401"), "401 documented for " + key + " "
                                + path.getKey());
                    }
                }
            }
        }
        assertEquals(routed, documented);
        assertTrue(routed.size() >= 25, routed.toString());
    }
}
