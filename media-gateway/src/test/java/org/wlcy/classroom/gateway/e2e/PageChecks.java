package org.wlcy.classroom.gateway.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * The page checks the issue-H page tests share: nothing wider than the viewport at each width (as
 * LayoutEndToEndTest checks the other pages), and axe-core finding no serious or critical
 * violation. Each adds what it found to {@code problems}, so one run lists everything.
 */
final class PageChecks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PageChecks() {
    }

    /** At each viewport: the document no wider than the window, else the elements that stick out. */
    static void everyViewport(HeadlessChromium page, List<LayoutEndToEndTest.Viewport> viewports, String what,
                              List<String> problems) {
        for (LayoutEndToEndTest.Viewport v : viewports) {
            LayoutEndToEndTest.viewport(page, v);
            String r = String.valueOf(page.script("""
                    const de = document.documentElement, cw = de.clientWidth;
                    if (de.scrollWidth <= cw) return 'ok';
                    const out = [];
                    for (const e of document.body.querySelectorAll('*')) {
                      const b = e.getBoundingClientRect();
                      if (b.width > 0 && b.right > cw + 1) out.push((e.id ? '#' + e.id : e.tagName.toLowerCase() + '.'
                        + [...e.classList].join('.')) + ' right=' + Math.round(b.right));
                    }
                    return 'scrollWidth ' + de.scrollWidth + ' > ' + cw + ': ' + out.slice(-8).join(', ');
                    """));
            if (!"ok".equals(r)) {
                problems.add(what + " at " + v.name() + ": " + r);
            }
        }
    }

    /** axe-core (its source {@code axe}) over {@code context} (a CSS selector, or null for the document). */
    static void accessible(HeadlessChromium page, String axe, String context, String what, List<String> problems)
            throws Exception {
        if (!Boolean.TRUE.equals(page.script("return !!window.axe"))) {
            page.script(axe);
        }
        String r = String.valueOf(page.asyncScript("""
                const done = arguments[arguments.length - 1];
                const ctx = arguments[0] ? document.querySelector(arguments[0]) : document;
                axe.run(ctx, {resultTypes: ['violations']}).then(res => done(JSON.stringify(res.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 4).map(n => n.target.join(' '))})))),
                  e => done(JSON.stringify([{id: 'axe failed', impact: String(e)}])));
                """, context));
        if (!JSON.readTree(r).isEmpty()) {
            problems.add("axe-core on " + what + ": " + r);
        }
    }
}
