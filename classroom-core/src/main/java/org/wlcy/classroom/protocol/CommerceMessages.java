package org.wlcy.classroom.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.wlcy.classroom.breakout.GroupId;
import org.wlcy.classroom.participant.UserId;

/**
 * The practice live room (模拟直播电商, Art. 24(1); docs/adr/0025): a lecturer turns the live lesson
 * into a simulated live-commerce room and hands the host role to a trainee, who stocks a shelf,
 * pins products and runs flash sales; the other trainees order against the simulated stock.
 * Money is in fen (分), whole numbers only; nothing is paid or shipped.
 */
public final class CommerceMessages {
    /** Most characters of a product's name. */
    public static final int MAX_NAME = 60;
    /** Most characters of a product's promotion text (e.g. 买二送一). */
    public static final int MAX_PROMOTION = 100;
    /** Most characters of a room's title. */
    public static final int MAX_TITLE = 40;
    /** Most characters of a picture's URL. */
    public static final int MAX_IMAGE_URL = 500;
    /** Highest price, in fen (100,000.00 yuan). */
    public static final int MAX_PRICE_FEN = 10_000_000;
    /** Highest stock of one product. */
    public static final int MAX_STOCK = 100_000;
    /** Most units in one order. */
    public static final int MAX_QUANTITY = 99;
    /** Shortest and longest flash sale, in seconds. */
    public static final int MIN_FLASH_SECONDS = 10;
    public static final int MAX_FLASH_SECONDS = 600;
    /** Most products on one shelf. */
    public static final int MAX_PRODUCTS = 50;

    private CommerceMessages() {
    }

    // ------------------------------------------------------------------ views

    /** One product on the shelf: price in fen, stock as units left. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProductView(String productId, String name, String imageUrl, int priceFen, int stock,
                              String promotion) {
    }

    /** A running flash sale (限时秒杀): its price in fen and its end by the server's clock. */
    public record FlashView(String productId, int priceFen, Instant startedAt, Instant endsAt) {
    }

    /**
     * The room as a page shows it; {@code hostId}, {@code pinnedId} and {@code flash} are null when
     * none; {@code groupId} and {@code groupName} name the breakout group whose room it is (null: the
     * whole lesson's room).
     */
    public record RoomView(String roomId, String title, Instant openedAt, UserId hostId, String hostName,
                           List<ProductView> products, String pinnedId, FlashView flash, GroupId groupId,
                           String groupName) {
    }

    /**
     * The current host's figures (for the room's whole run in {@code commerce.room.close.ok} and
     * {@code commerce.room.closed}): distinct trainees who watched (the host not counted), likes
     * given meanwhile, orders, units, turnover in fen, distinct buyers, and {@code conversion} =
     * buyers ÷ viewers (0 without viewers), rounded to 4 decimals.
     */
    public record StatsView(String roomId, UserId hostId, int viewers, long likes, int orders, int units,
                            long turnoverFen, int buyers, double conversion) {
    }

    /** An accepted order: price per unit in fen as charged (the flash price during a flash sale). */
    public record OrderView(String orderId, String productId, int quantity, int unitPriceFen, long totalFen,
                            boolean flash, Instant at, int stockLeft) {
    }

    // ------------------------------------------------------------------ the room

    /**
     * {@code commerce.room.open} (lecturers, during a live lesson): the whole lesson's room (not
     * during a breakout), or with {@code groupId} one breakout group's (one room per group).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OpenRoomRequest(String requestId, String title, GroupId groupId) implements ClientMessage {
        public OpenRoomRequest {
            Fields.requestId(requestId);
            if (title != null) {
                Fields.typedText(title, "title", MAX_TITLE, false);
            }
        }
    }

    /** {@code commerce.room.open.ok}. */
    public record OpenRoomResponse(String requestId, RoomView room) implements ServerMessage {
    }

    /** {@code commerce.room.close} (lecturers): {@code roomId}, or without it the one room open. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CloseRoomRequest(String requestId, String roomId) implements ClientMessage {
        public CloseRoomRequest {
            Fields.requestId(requestId);
            if (roomId != null) {
                Fields.text(roomId, "roomId", 64);
            }
        }
    }

    /** {@code commerce.room.close.ok}: the room's figures over its whole run. */
    public record CloseRoomResponse(String requestId, StatsView stats) implements ServerMessage {
    }

    /**
     * {@code commerce.host.set} (lecturers): hands the host role of room {@code roomId} to a trainee
     * present in its audience; without {@code roomId}, of the room the trainee watches.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SetHostRequest(String requestId, UserId userId, String roomId) implements ClientMessage {
        public SetHostRequest {
            Fields.requestId(requestId);
            Fields.required(userId, "userId");
            if (roomId != null) {
                Fields.text(roomId, "roomId", 64);
            }
        }
    }

    /** {@code commerce.host.set.ok}. */
    public record SetHostResponse(String requestId, RoomView room) implements ServerMessage {
    }

    /**
     * {@code commerce.room.state}, to the room's audience (everyone, or a group room's members) and
     * the lecturers, regulators and admins: the room when it opens, when its host changes, and to each
     * one who joins it (by joining the class, or being moved into its group) while it is open.
     */
    public record RoomStateEvent(RoomView room) implements ServerMessage {
    }

    /**
     * {@code commerce.room.closed}, to the room's audience and the lecturers. {@code reason}:
     * {@code lecturer}, {@code lesson-ended}, {@code breakout-ended} (a group's room, when the groups
     * are recalled).
     */
    public record RoomClosedEvent(String roomId, String reason, StatsView stats) implements ServerMessage {
    }

    /**
     * {@code commerce.room.left}, to a trainee moved out of a group room's group: the room goes on
     * without them ({@code reason} {@code moved}).
     */
    public record RoomLeftEvent(String roomId, String reason) implements ServerMessage {
    }

    /** {@code commerce.stats}, to the host and the lecturers, at most once per second while figures change. */
    public record StatsEvent(StatsView stats) implements ServerMessage {
    }

    // ------------------------------------------------------------------ the shelf

    /**
     * {@code commerce.product.put} (the host): adds a product (no {@code productId}) or replaces
     * one. {@code imageUrl}: an {@code https://} URL or a path on this server ({@code /...}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PutProductRequest(String requestId, String productId, String name, String imageUrl,
                                    Integer priceFen, Integer stock, String promotion) implements ClientMessage {
        public PutProductRequest {
            Fields.requestId(requestId);
            if (productId != null) {
                Fields.text(productId, "productId", 64);
            }
            Fields.typedText(name, "name", MAX_NAME, false);
            checkImageUrl(imageUrl);
            Fields.wholeNumber(priceFen, "priceFen", 1, MAX_PRICE_FEN);
            Fields.wholeNumber(stock, "stock", 0, MAX_STOCK);
            if (promotion != null && !promotion.isEmpty()) {
                Fields.typedText(promotion, "promotion", MAX_PROMOTION, false);
            }
        }
    }

    /** {@code commerce.product.put.ok}: the product as stored (a new one with its id). */
    public record PutProductResponse(String requestId, ProductView product) implements ServerMessage {
    }

    /** {@code commerce.product.changed}, to the room's audience: a product added or changed, or its stock after an order. */
    public record ProductChangedEvent(String roomId, ProductView product) implements ServerMessage {
    }

    /** {@code commerce.product.remove} (the host). */
    public record RemoveProductRequest(String requestId, String productId) implements ClientMessage {
        public RemoveProductRequest {
            Fields.requestId(requestId);
            Fields.text(productId, "productId", 64);
        }
    }

    /** {@code commerce.product.remove.ok}. */
    public record RemoveProductResponse(String requestId, String productId) implements ServerMessage {
    }

    /** {@code commerce.product.removed}, to the room's audience. */
    public record ProductRemovedEvent(String roomId, String productId) implements ServerMessage {
    }

    /** {@code commerce.product.pin} (the host): pins a product (讲解中), or unpins without {@code productId}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PinProductRequest(String requestId, String productId) implements ClientMessage {
        public PinProductRequest {
            Fields.requestId(requestId);
            if (productId != null) {
                Fields.text(productId, "productId", 64);
            }
        }
    }

    /** {@code commerce.product.pin.ok}: the product pinned now, or null. */
    public record PinProductResponse(String requestId, String productId) implements ServerMessage {
    }

    /** {@code commerce.product.pinned}, to the room's audience: the card to show, or null (unpinned). */
    public record ProductPinnedEvent(String roomId, ProductView product) implements ServerMessage {
    }

    // ------------------------------------------------------------------ flash sales

    /**
     * {@code commerce.flash.start} (the host): a flash sale of a product on the shelf at
     * {@code priceFen} (below its price) for {@code seconds} (10-600); the product is pinned.
     */
    public record StartFlashRequest(String requestId, String productId, Integer priceFen, Integer seconds)
            implements ClientMessage {
        public StartFlashRequest {
            Fields.requestId(requestId);
            Fields.text(productId, "productId", 64);
            Fields.wholeNumber(priceFen, "priceFen", 1, MAX_PRICE_FEN);
            Fields.wholeNumber(seconds, "seconds", MIN_FLASH_SECONDS, MAX_FLASH_SECONDS);
        }
    }

    /** {@code commerce.flash.start.ok}. */
    public record StartFlashResponse(String requestId, FlashView flash) implements ServerMessage {
    }

    /** {@code commerce.flash.started}, to the room's audience. */
    public record FlashStartedEvent(String roomId, FlashView flash) implements ServerMessage {
    }

    /**
     * {@code commerce.flash.ended}, to the room's audience: {@code reason} {@code time-up}, {@code removed} (the
     * product left the shelf) or {@code closed} (the room closed); {@code sold}: units sold at the
     * flash price.
     */
    public record FlashEndedEvent(String roomId, String productId, String reason, int sold) implements ServerMessage {
    }

    // ------------------------------------------------------------------ orders

    /** {@code commerce.order.place} (trainees other than the host): 1-99 units of the pinned product. */
    public record PlaceOrderRequest(String requestId, String productId, Integer quantity) implements ClientMessage {
        public PlaceOrderRequest {
            Fields.requestId(requestId);
            Fields.text(productId, "productId", 64);
            Fields.wholeNumber(quantity, "quantity", 1, MAX_QUANTITY);
        }
    }

    /** {@code commerce.order.place.ok}: sent once the order is durably on the trace. */
    public record PlaceOrderResponse(String requestId, OrderView order) implements ServerMessage {
    }

    /** A picture: {@code https://host/...} or a path on this server ({@code /...}, not {@code //}). */
    static String checkImageUrl(String url) {
        Fields.text(url, "imageUrl", MAX_IMAGE_URL);
        boolean https = url.startsWith("https://") && url.length() > "https://".length();
        boolean local = url.startsWith("/") && !url.startsWith("//");
        if (!https && !local) {
            throw new IllegalArgumentException("imageUrl must be an https:// URL or a path on this server (/...)");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' || c == '`' || c == 0x7f) {
                throw new IllegalArgumentException("imageUrl contains a character a URL may not hold (at "
                        + i + ")");
            }
        }
        return url;
    }
}
