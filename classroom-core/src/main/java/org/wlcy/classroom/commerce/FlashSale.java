package org.wlcy.classroom.commerce;

import java.time.Instant;
import org.wlcy.classroom.protocol.CommerceMessages.FlashView;

/** A flash sale (限时秒杀) of one product: its price in fen until {@code endsAt} by the server's clock. */
public record FlashSale(String productId, int priceFen, Instant startedAt, Instant endsAt) {

    /** Whether an order at {@code now} gets the flash price. */
    public boolean runsAt(Instant now) {
        return now.isBefore(endsAt);
    }

    public FlashView view() {
        return new FlashView(productId, priceFen, startedAt, endsAt);
    }
}
