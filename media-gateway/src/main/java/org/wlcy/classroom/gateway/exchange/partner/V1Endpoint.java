package org.wlcy.classroom.gateway.exchange.partner;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wlcy.classroom.exchange.partner.Partner;
import org.wlcy.classroom.exchange.partner.Scope;

/**
 * One read-only endpoint of the partner API: its path template as the OpenAPI document writes it
 * ({@code /api/v1/classes/{classId}/roster}), the scope it needs, and what answers it. The API
 * answers only the endpoints of {@link V1Endpoints#all}, and a test holds that list and the
 * OpenAPI document to each other.
 */
record V1Endpoint(String template, Scope scope, Answer answer) {
    /** Builds the JSON body (blocking is fine: it runs on the blocking executor). */
    interface Answer {
        Object answer(Partner partner, Map<String, String> params, QueryStringDecoder query);
    }

    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z]+)}");

    /** The path parameters when {@code path} is this endpoint's, else empty. */
    Optional<Map<String, String>> match(String path) {
        List<String> names = new ArrayList<>();
        Matcher m = PARAM.matcher(template);
        StringBuilder regex = new StringBuilder("^");
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last))).append('$');
        Matcher p = Pattern.compile(regex.toString()).matcher(path);
        if (!p.matches()) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            params.put(names.get(i), QueryStringDecoder.decodeComponent(p.group(i + 1)));
        }
        return Optional.of(params);
    }
}
