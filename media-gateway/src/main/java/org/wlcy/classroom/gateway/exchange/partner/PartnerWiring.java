package org.wlcy.classroom.gateway.exchange.partner;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executor;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.exchange.partner.Partner;
import org.wlcy.classroom.exchange.partner.PartnerRegistry;
import org.wlcy.classroom.exchange.partner.Scope;
import org.wlcy.classroom.gateway.assessment.ClassReads;
import org.wlcy.classroom.enrolment.EnrolmentService;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.http.ApiRoute;
import org.wlcy.classroom.proctoring.store.TraceStore;
import org.wlcy.classroom.trace.TraceLog;

/**
 * Issue H, data sharing (issue H partners; docs/adr/0022): partner systems under
 * {@code <data.dir>/partners}, their admin API, the read-only partner API {@code /api/v1} and its
 * OpenAPI document. Requests run on the proctoring module's blocking executor (the regulator
 * desk's), so this owns no thread and needs no closing.
 */
public final class PartnerWiring {
    private final PartnerRegistry registry;
    private final List<ApiRoute> routes;

    private PartnerWiring(PartnerRegistry registry, List<ApiRoute> routes) {
        this.registry = registry;
        this.routes = routes;
    }

    public static PartnerWiring open(TokenService tokens, InstantSource clock, Path dataDir, EnrolmentService enrolment,
                                     ClassReads reads, TraceStore traces, TraceLog trace, Executor blocking) {
        PartnerRegistry registry = new PartnerRegistry(new FilePartnerStore(dataDir.resolve("partners")), clock,
                new SecureRandom());
        V1Endpoints v1 = new V1Endpoints(enrolment, reads, c -> traces.classrooms().contains(c), trace, clock);
        return new PartnerWiring(registry, List.of(new PartnerAdminApi(tokens, registry, blocking),
                new PartnerApi(registry, v1.all(), blocking)));
    }

    /**
     * For other endpoints a partner calls (its webhook subscriptions, {@code webhooks:manage}): the
     * active partner whose key the request carries, with {@code scope}; else a coded error (270,
     * 271, 272) to answer with {@link #status}.
     */
    public Partner authenticate(FullHttpRequest req, Scope scope) {
        Partner p = registry.authenticate(PartnerHttp.presentedKey(req));
        p.require(scope);
        return p;
    }

    /** The HTTP status of a partner error (270/271 401, 272 403, 273/274 404; others as {@code Json.statusOf}). */
    public static HttpResponseStatus status(ErrorCode code) {
        return PartnerHttp.status(code);
    }

    /** The registry, for the webhook endpoints that authenticate a partner too. */
    public PartnerRegistry registry() {
        return registry;
    }

    /** The path templates the partner API answers (the OpenAPI drift test holds the document to them). */
    public static List<String> v1Paths() {
        return new V1Endpoints(null, null, null, null, null).all().stream().map(V1Endpoint::template).toList();
    }

    public List<ApiRoute> routes() {
        return routes;
    }
}
