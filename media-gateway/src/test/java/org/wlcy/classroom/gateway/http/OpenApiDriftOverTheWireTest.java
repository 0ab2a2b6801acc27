package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.exchange.partner.Scope;
import org.wlcy.classroom.gateway.exchange.partner.PartnerWiring;
import org.wlcy.classroom.gateway.http.AssessmentServer.Reply;

/**
 * The OpenAPI document at {@code /api/openapi.json} and the partner API held to each other (issue H partners):
 * the document is valid OpenAPI 3 (swagger-parser finds no problem); its paths are exactly the
 * endpoints the API answers; every documented path answers 200 over the wire with a key of every
 * scope, and 272 naming the documented scope with a key of every other scope; an undocumented
 * path under /api/v1 is 404; every error code the document names is a real code.
 */
class OpenApiDriftOverTheWireTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dataDir;
    private AssessmentServer server;
    private PartnerFixture fx;
    private String text;
    private JsonNode doc;

    @BeforeEach
    void start() throws Exception {
        server = new AssessmentServer(dataDir, Clock.systemUTC());
        fx = new PartnerFixture(server);
        fx.seed();
        HttpResponse<byte[]> r = server.get("/api/openapi.json", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        text = new String(r.body(), StandardCharsets.UTF_8);
        doc = JSON.readTree(text);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theDocumentIsValidOpenApi3() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, options);
        assertThat(result.getMessages()).as("parser messages").isEmpty();
        OpenAPI api = result.getOpenAPI();
        assertThat(api.getOpenapi()).startsWith("3.");
        assertThat(api.getInfo().getVersion()).isEqualTo("1");
        assertThat(api.getComponents().getSecuritySchemes()).containsKeys("apiKey", "bearerKey");
        assertThat(api.getComponents().getSchemas()).containsKey("Error");
        api.getPaths().forEach((path, item) -> {
            Operation get = item.getGet();
            assertThat(get).as(path + " GET").isNotNull();
            assertThat(get.getOperationId()).as(path).isNotBlank();
            assertThat(get.getSecurity()).as(path + " security").isNotEmpty();
            assertThat(get.getResponses()).as(path).containsKeys("200", "401", "403");
            assertThat(get.getResponses().get("200").getContent().get("application/json").getSchema().get$ref())
                    .as(path + " 200 schema").startsWith("#/components/schemas/");
        });
    }

    @Test
    void theDocumentedPathsAreExactlyTheOnesTheApiAnswers() {
        List<String> documented = new ArrayList<>();
        doc.path("paths").fieldNames().forEachRemaining(documented::add);
        assertThat(new TreeSet<>(documented)).isEqualTo(new TreeSet<>(PartnerWiring.v1Paths()));
    }

    @Test
    void everyDocumentedPathAnswersAndNeedsItsDocumentedScope() throws Exception {
        String[] all = Arrays.stream(Scope.values()).map(Scope::wire).toArray(String[]::new);
        String every = fx.register("全部", "440300", "", all).body().path("apiKey").asText();
        var paths = doc.path("paths").fields();
        int checked = 0;
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> p = paths.next();
            String path = p.getKey().replace("{classId}", PartnerFixture.SZ);
            String scope = p.getValue().path("get").path("x-scope").asText();
            assertThat(Scope.fromWire(scope)).as(p.getKey() + " x-scope").isPresent();
            Reply ok = fx.get(path, every);
            assertThat(ok.status()).as(path + ": " + ok.body()).isEqualTo(200);
            String schema = p.getValue().path("get").path("responses").path("200").path("content")
                    .path("application/json").path("schema").path("$ref").asText().replace("#/components/schemas/", "");
            doc.path("components").path("schemas").path(schema).path("required")
                    .forEach(f -> assertThat(ok.body().has(f.asText())).as(path + " has " + f).isTrue());
            String[] others = Arrays.stream(all).filter(s -> !s.equals(scope)).toArray(String[]::new);
            String lacking = fx.register("缺 " + scope, "440300", "", others).body().path("apiKey").asText();
            Reply refused = fx.get(path, lacking);
            assertThat(List.of(refused.status(), refused.code())).as(path).containsExactly(403, 272);
            assertThat(refused.message()).contains(scope);
            checked++;
        }
        assertThat(checked).isEqualTo(PartnerWiring.v1Paths().size());
        Reply undocumented = fx.get("/api/v1/classes/" + PartnerFixture.SZ + "/secrets", every);
        assertThat(undocumented.status()).isEqualTo(404);
    }

    @Test
    void theErrorCodesTheDocumentNamesAreRealOnes() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b(2\\d\\d|1\\d\\d) ([A-Z_]+)").matcher(text);
        int found = 0;
        while (m.find()) {
            int code = Integer.parseInt(m.group(1));
            String name = m.group(2);
            assertThat(Arrays.stream(ErrorCode.values()).anyMatch(c -> c.code() == code && c.name().equals(name)))
                    .as(code + " " + name).isTrue();
            found++;
        }
        assertThat(found).isGreaterThanOrEqualTo(5);
    }
}
