package org.wlcy.classroom.commerce;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wlcy.classroom.breakout.GroupId;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.protocol.CommerceMessages;
import org.wlcy.classroom.protocol.CommerceMessages.ProductView;
import org.wlcy.classroom.protocol.CommerceMessages.RoomView;

/**
 * A practice live room (模拟直播电商): its shelf, the pinned product, a flash sale, its host's stint
 * and the figures. Pure and single-threaded: the service keeps it on the class's lane and passes
 * the server's time in. The stock is authoritative here: an order takes units only while enough
 * are left, so it never goes below zero, however many buyers race.
 */
public final class CommerceRoom {
    private final String id;
    private final String title;
    private final UserId openedBy;
    private final Instant openedAt;
    private final long likesAtOpen;
    private final GroupId group;
    private final String groupName;
    private final Map<String, Product> shelf = new LinkedHashMap<>();
    private final SalesFigures total = new SalesFigures();
    private final List<UserId> hosts = new ArrayList<>();
    private HostStint stint;
    private String pinnedId;
    private FlashSale flash;
    private int flashSold;

    public CommerceRoom(String id, String title, UserId openedBy, Instant openedAt, long likesAtOpen) {
        this(id, title, openedBy, openedAt, likesAtOpen, null, null);
    }

    /** A breakout group's room ({@code group} null: the whole lesson's). */
    public CommerceRoom(String id, String title, UserId openedBy, Instant openedAt, long likesAtOpen, GroupId group,
                        String groupName) {
        this.group = group;
        this.groupName = groupName;
        this.id = id;
        this.title = title;
        this.openedBy = openedBy;
        this.openedAt = openedAt;
        this.likesAtOpen = likesAtOpen;
    }

    public String id() {
        return id;
    }

    public UserId openedBy() {
        return openedBy;
    }

    public Instant openedAt() {
        return openedAt;
    }

    /** The breakout group whose room this is; null for the whole lesson's room. */
    public GroupId group() {
        return group;
    }

    public Optional<HostStint> stint() {
        return Optional.ofNullable(stint);
    }

    public boolean isHost(UserId user) {
        return stint != null && stint.host().equals(user);
    }

    /** Every trainee who hosted, in order (once each). */
    public List<UserId> hosts() {
        return List.copyOf(hosts);
    }

    public SalesFigures total() {
        return total;
    }

    public long likesSinceOpen(long lessonLikesNow) {
        return Math.max(0, lessonLikesNow - likesAtOpen);
    }

    // ------------------------------------------------------------------ host and audience

    /** A trainee is present while the room is open: a viewer, unless they host. */
    public void watched(UserId trainee) {
        if (!isHost(trainee)) {
            total.watched(trainee);
            if (stint != null) {
                stint.figures().watched(trainee);
            }
        }
    }

    /**
     * Hands the host role to {@code user}; returns the stint that ended, if any. {@code present}:
     * the trainees present now, the viewers of the new stint.
     */
    public Optional<HostStint> handTo(UserId user, String name, Instant now, long lessonLikesNow,
                                      List<UserId> present) {
        HostStint ended = stint;
        stint = new HostStint(user, name, now, lessonLikesNow);
        if (!hosts.contains(user)) {
            hosts.add(user);
        }
        present.forEach(this::watched);
        return Optional.ofNullable(ended);
    }

    /**
     * The host left the room's audience (moved to another group): their stint ends (returned) and
     * the room waits for a new host; the flash sale ends with it (the caller reports that first).
     */
    public Optional<HostStint> dropHost() {
        HostStint ended = stint;
        stint = null;
        flash = null;
        return Optional.ofNullable(ended);
    }

    /** The room closes: the current stint ends (returned), the flash sale with it. */
    public Optional<HostStint> close() {
        return dropHost();
    }

    // ------------------------------------------------------------------ the shelf

    public List<Product> products() {
        return List.copyOf(shelf.values());
    }

    public Product product(String productId) {
        Product p = shelf.get(productId);
        if (p == null) {
            throw new ClassroomException(ErrorCode.PRODUCT_NOT_FOUND, "no product " + productId + " on the shelf");
        }
        return p;
    }

    /** Adds ({@code existingId} null: under {@code newId}) or replaces a product. */
    public Product put(String existingId, String newId, String name, String imageUrl, int priceFen, int stock,
                       String promotion) {
        if (existingId != null) {
            product(existingId);
        } else if (shelf.size() >= CommerceMessages.MAX_PRODUCTS) {
            throw new ClassroomException(ErrorCode.SHELF_FULL, "the shelf holds " + CommerceMessages.MAX_PRODUCTS
                    + " products already; remove one first");
        }
        String pid = existingId != null ? existingId : newId;
        if (flash != null && flash.productId().equals(pid) && priceFen <= flash.priceFen()) {
            throw new ClassroomException(ErrorCode.FLASH_SALE_RUNNING, "the product is on flash sale at "
                    + flash.priceFen() + " fen; its price must stay above that until the sale ends");
        }
        Product p = new Product(pid, name, imageUrl, priceFen, stock, promotion);
        shelf.put(pid, p);
        return p;
    }

    /** Removes a product; unpins it and ends its flash sale (the caller reports that, see {@link #flash()}). */
    public Product remove(String productId) {
        Product p = product(productId);
        shelf.remove(productId);
        if (productId.equals(pinnedId)) {
            pinnedId = null;
        }
        return p;
    }

    public Optional<Product> pinned() {
        return Optional.ofNullable(pinnedId).map(shelf::get);
    }

    /** Pins a product (null: unpins). Refused while a flash sale of another product runs. */
    public Optional<Product> pin(String productId, Instant now) {
        if (flash != null && flash.runsAt(now) && !flash.productId().equals(productId)) {
            throw new ClassroomException(ErrorCode.FLASH_SALE_RUNNING, "a flash sale of " + flash.productId()
                    + " runs until " + flash.endsAt() + "; its product stays pinned");
        }
        if (productId != null) {
            product(productId);
        }
        pinnedId = productId;
        return pinned();
    }

    // ------------------------------------------------------------------ flash sales

    public Optional<FlashSale> flash() {
        return Optional.ofNullable(flash);
    }

    /** Starts a flash sale of a product below its price; the product is pinned. */
    public FlashSale startFlash(String productId, int priceFen, int seconds, Instant now) {
        if (flash != null) {
            throw new ClassroomException(ErrorCode.FLASH_SALE_RUNNING, "a flash sale of " + flash.productId()
                    + " runs until " + flash.endsAt() + "; one at a time");
        }
        Product p = product(productId);
        if (priceFen >= p.priceFen()) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "priceFen must be below the product's price ("
                    + p.priceFen() + " fen) for a flash sale");
        }
        if (seconds < CommerceMessages.MIN_FLASH_SECONDS || seconds > CommerceMessages.MAX_FLASH_SECONDS) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "seconds must be a whole number from "
                    + CommerceMessages.MIN_FLASH_SECONDS + " to " + CommerceMessages.MAX_FLASH_SECONDS);
        }
        flash = new FlashSale(productId, priceFen, now, now.plus(Duration.ofSeconds(seconds)));
        flashSold = 0;
        pinnedId = productId;
        return flash;
    }

    /** Ends the flash sale (its end came, its product was removed, the room closed): units sold at its price. */
    public int endFlash() {
        flash = null;
        return flashSold;
    }

    // ------------------------------------------------------------------ orders

    /**
     * Takes an order of {@code quantity} units of the pinned product at {@code now}, at the flash
     * price while a flash sale of it runs by the server's clock. Refused when the buyer hosts (296),
     * there is no such product (293), it is not pinned (294) or fewer units are left (295).
     */
    public Order order(String orderId, UserId buyer, String productId, int quantity, Instant now) {
        if (stint == null) {
            throw new ClassroomException(ErrorCode.PRODUCT_NOT_ON_SALE, "the room has no host yet; nothing is on sale");
        }
        if (isHost(buyer)) {
            throw new ClassroomException(ErrorCode.HOST_CANNOT_BUY, "the host cannot buy from their own room");
        }
        if (quantity < 1 || quantity > CommerceMessages.MAX_QUANTITY) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "quantity must be a whole number from 1 to "
                    + CommerceMessages.MAX_QUANTITY);
        }
        Product p = product(productId);
        if (!productId.equals(pinnedId)) {
            throw new ClassroomException(ErrorCode.PRODUCT_NOT_ON_SALE, "product " + productId
                    + " is not on sale now; only the pinned product can be ordered");
        }
        if (p.stock() < quantity) {
            throw new ClassroomException(ErrorCode.OUT_OF_STOCK, p.stock() == 0 ? "product " + productId
                    + " is sold out (已售罄)" : "only " + p.stock() + " left of product " + productId);
        }
        boolean atFlash = flash != null && flash.productId().equals(productId) && flash.runsAt(now);
        Product after = p.withStock(p.stock() - quantity);
        shelf.put(productId, after);
        Order o = new Order(orderId, buyer, stint.host(), productId, quantity,
                atFlash ? flash.priceFen() : p.priceFen(), atFlash, now, after.stock());
        total.add(o);
        stint.figures().add(o);
        if (atFlash) {
            flashSold += quantity;
        }
        return o;
    }

    /** Takes back an order that could not be recorded: its units return to the shelf (if the product is there). */
    public void undo(Order o) {
        Product p = shelf.get(o.productId());
        if (p != null) {
            shelf.put(p.id(), p.withStock(Math.min(CommerceMessages.MAX_STOCK, p.stock() + o.quantity())));
        }
        total.undo(o);
        if (stint != null && stint.host().equals(o.host())) {
            stint.figures().undo(o);
        }
        if (o.flash() && flash != null && flash.productId().equals(o.productId())) {
            flashSold -= o.quantity();
        }
    }

    // ------------------------------------------------------------------ views

    public RoomView view() {
        List<ProductView> products = shelf.values().stream().map(Product::view).toList();
        return new RoomView(id, title, openedAt, stint == null ? null : stint.host(),
                stint == null ? null : stint.hostName(), products, pinnedId, flash == null ? null : flash.view(), group,
                groupName);
    }
}
