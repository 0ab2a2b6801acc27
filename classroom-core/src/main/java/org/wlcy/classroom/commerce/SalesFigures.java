package org.wlcy.classroom.commerce;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.wlcy.classroom.participant.UserId;

/**
 * The figures of a room or of one host's stint: distinct viewers (trainees who were present, the
 * host not counted), orders, units, turnover in fen and distinct buyers. Conversion is buyers ÷
 * viewers. Pure; kept on the class's lane.
 */
public final class SalesFigures {
    private final Set<UserId> viewers = new HashSet<>();
    private final Map<UserId, Integer> ordersByBuyer = new HashMap<>();
    private int orders;
    private int units;
    private long turnoverFen;

    void watched(UserId trainee) {
        viewers.add(trainee);
    }

    void add(Order o) {
        ordersByBuyer.merge(o.buyer(), 1, Integer::sum);
        viewers.add(o.buyer()); // a buyer watched, whatever the presence said
        orders++;
        units += o.quantity();
        turnoverFen += o.totalFen();
    }

    /** Takes back an order that could not be recorded. */
    void undo(Order o) {
        ordersByBuyer.computeIfPresent(o.buyer(), (k, n) -> n == 1 ? null : n - 1);
        orders--;
        units -= o.quantity();
        turnoverFen -= o.totalFen();
    }

    public int viewers() {
        return viewers.size();
    }

    public int buyers() {
        return ordersByBuyer.size();
    }

    public int orders() {
        return orders;
    }

    public int units() {
        return units;
    }

    public long turnoverFen() {
        return turnoverFen;
    }

    /** Buyers ÷ viewers, rounded to 4 decimals; 0 without viewers. */
    public double conversion() {
        return viewers.isEmpty() ? 0 : Math.round(10_000.0 * buyers() / viewers.size()) / 10_000.0;
    }

    /** Buyers per thousand viewers, rounded (for the trace, which holds whole numbers only). */
    public long conversionPermille() {
        return viewers.isEmpty() ? 0 : Math.round(1000.0 * buyers() / viewers.size());
    }
}
