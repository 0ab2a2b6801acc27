package org.wlcy.classroom.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** {@code log.format=json}: what a log shipper reads from standard output. */
class LogFormatTest {
    @Test
    void jsonLogsAreOneObjectPerLineWithLevelLoggerAndMessage() throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            LogFormat.apply("json", "logback.xml");
            LoggerFactory.getLogger("org.wlcy.classroom.test").info("班级 {} 已批准 \"quoted\"", "c-01");
            LoggerFactory.getLogger("org.wlcy.classroom.test").warn("a failure", new IllegalStateException("boom"));
        } finally {
            System.setOut(out);
            LogFormat.apply("text", "logback-test.xml");
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(2);
        ObjectMapper mapper = new ObjectMapper();
        JsonNode info = mapper.readTree(lines.get(0));
        assertThat(info.path("level").asText()).isEqualTo("INFO");
        assertThat(info.path("loggerName").asText()).isEqualTo("org.wlcy.classroom.test");
        assertThat(info.path("message").asText()).isEqualTo("班级 {} 已批准 \"quoted\""); // the template, for grouping
        assertThat(info.path("formattedMessage").asText())
                .isEqualTo("班级 c-01 已批准 \"quoted\"");
        assertThat(info.path("timestamp").asLong()).isPositive();
        JsonNode warn = mapper.readTree(lines.get(1));
        assertThat(warn.path("level").asText()).isEqualTo("WARN");
        assertThat(warn.path("throwable").toString()).contains("boom");
    }

    @Test
    void anUnknownFormatIsAConfigurationProblem() {
        try {
            GatewayConfig.load(Map.of(), List.of("--log.format=xml"));
            throw new AssertionError("accepted log.format=xml");
        } catch (ConfigException e) {
            assertThat(e.problems()).anyMatch(p -> p.contains("log.format=xml must be text or json"));
        }
    }
}
