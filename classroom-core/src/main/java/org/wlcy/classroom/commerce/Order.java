package org.wlcy.classroom.commerce;

import java.time.Instant;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.CommerceMessages.OrderView;

/** An order taken against the simulated stock: {@code unitPriceFen} as charged, {@code stockLeft} after it. */
public record Order(String id, UserId buyer, UserId host, String productId, int quantity, int unitPriceFen,
                    boolean flash, Instant at, int stockLeft) {

    public long totalFen() {
        return (long) unitPriceFen * quantity;
    }

    public OrderView view() {
        return new OrderView(id, productId, quantity, unitPriceFen, totalFen(), flash, at, stockLeft);
    }
}
