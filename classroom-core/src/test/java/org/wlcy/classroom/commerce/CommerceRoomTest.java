package org.wlcy.classroom.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.UserId;

/** The pure room: stock never below zero, what is on sale, the flash price by the clock, the figures. */
class CommerceRoomTest {
    private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
    private static final UserId LECTURER = new UserId("l01");
    private static final UserId HOST = new UserId("t01");
    private static final UserId A = new UserId("t02");
    private static final UserId B = new UserId("t03");
    private static final UserId C = new UserId("t04");
    private final CommerceRoom room = new CommerceRoom("cr-1", "直播间", LECTURER, T0, 0);
    private int orders;

    private CommerceRoom hosted() {
        room.handTo(HOST, "王芳", T0, 0, List.of(HOST, A, B, C));
        return room;
    }

    private Order buy(UserId who, String productId, int quantity, Instant at) {
        return room.order("od-" + ++orders, who, productId, quantity, at);
    }

    private static ErrorCode code(Runnable r) {
        try {
            r.run();
        } catch (ClassroomException e) {
            return e.code();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void stockNeverGoesBelowZeroAndARefusedOrderTakesNothing() {
        hosted().put(null, "pr-1", "苹果", "/img/apple.png", 3990, 3, null);
        room.pin("pr-1", T0);

        assertThat(buy(A, "pr-1", 2, T0).stockLeft()).isEqualTo(1);
        assertThat(code(() -> buy(B, "pr-1", 2, T0))).isEqualTo(ErrorCode.OUT_OF_STOCK);
        assertThat(room.product("pr-1").stock()).as("the refused order took nothing").isEqualTo(1);
        assertThat(buy(B, "pr-1", 1, T0).stockLeft()).isZero();
        assertThat(code(() -> buy(C, "pr-1", 1, T0))).isEqualTo(ErrorCode.OUT_OF_STOCK);
        assertThat(room.product("pr-1").stock()).isZero();
        assertThat(room.total().units()).isEqualTo(3);
        assertThat(room.total().turnoverFen()).isEqualTo(3 * 3990L);
    }

    @Test
    void onlyThePinnedProductIsOnSaleAndTheHostCannotBuy() {
        hosted().put(null, "pr-1", "苹果", "/img/apple.png", 3990, 10, null);
        room.put(null, "pr-2", "橙子", "https://img.example.cn/o.png", 2990, 10, "买二送一");

        assertThat(code(() -> buy(A, "pr-1", 1, T0))).isEqualTo(ErrorCode.PRODUCT_NOT_ON_SALE);
        room.pin("pr-2", T0);
        assertThat(code(() -> buy(A, "pr-1", 1, T0))).isEqualTo(ErrorCode.PRODUCT_NOT_ON_SALE);
        assertThat(code(() -> buy(A, "pr-9", 1, T0))).isEqualTo(ErrorCode.PRODUCT_NOT_FOUND);
        assertThat(code(() -> buy(HOST, "pr-2", 1, T0))).isEqualTo(ErrorCode.HOST_CANNOT_BUY);
        assertThat(buy(A, "pr-2", 1, T0).unitPriceFen()).isEqualTo(2990);
        room.remove("pr-2");
        assertThat(room.pinned()).isEmpty();
        assertThat(code(() -> buy(A, "pr-2", 1, T0))).isEqualTo(ErrorCode.PRODUCT_NOT_FOUND);
    }

    @Test
    void aRoomWithoutAHostSellsNothing() {
        room.put(null, "pr-1", "苹果", "/img/apple.png", 3990, 10, null);
        room.pin("pr-1", T0);

        assertThat(code(() -> buy(A, "pr-1", 1, T0))).isEqualTo(ErrorCode.PRODUCT_NOT_ON_SALE);
    }

    @Test
    void theFlashPriceHoldsStrictlyBeforeTheEndByTheServersClock() {
        hosted().put(null, "pr-1", "苹果", "/img/apple.png", 3990, 100, null);
        room.put(null, "pr-2", "橙子", "/img/o.png", 2990, 10, null);
        FlashSale flash = room.startFlash("pr-1", 1990, 60, T0);

        assertThat(flash.endsAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(room.pinned()).map(Product::id).contains("pr-1");
        Order during = buy(A, "pr-1", 2, T0.plusSeconds(59).plusMillis(999));
        assertThat(during.flash()).isTrue();
        assertThat(during.unitPriceFen()).isEqualTo(1990);
        assertThat(during.totalFen()).isEqualTo(3980);
        Order atTheEnd = buy(B, "pr-1", 1, T0.plusSeconds(60));
        assertThat(atTheEnd.flash()).as("at the end the list price is back, timer or not").isFalse();
        assertThat(atTheEnd.unitPriceFen()).isEqualTo(3990);
        assertThat(code(() -> room.startFlash("pr-2", 100, 30, T0.plusSeconds(1))))
                .as("one flash sale at a time").isEqualTo(ErrorCode.FLASH_SALE_RUNNING);
        assertThat(code(() -> room.pin("pr-2", T0.plusSeconds(1))))
                .as("the flash product stays pinned while it runs").isEqualTo(ErrorCode.FLASH_SALE_RUNNING);
        assertThat(room.endFlash()).as("units sold at the flash price").isEqualTo(2);
        assertThat(room.flash()).isEmpty();
    }

    @Test
    void aFlashPriceMustBeBelowThePriceAndLastTenToSixHundredSeconds() {
        hosted().put(null, "pr-1", "苹果", "/img/apple.png", 3990, 100, null);

        assertThat(code(() -> room.startFlash("pr-1", 3990, 60, T0))).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(code(() -> room.startFlash("pr-1", 100, 9, T0))).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(code(() -> room.startFlash("pr-1", 100, 601, T0))).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(code(() -> room.startFlash("pr-7", 100, 60, T0))).isEqualTo(ErrorCode.PRODUCT_NOT_FOUND);
        room.startFlash("pr-1", 100, 600, T0);
        assertThat(code(() -> room.put("pr-1", null, "苹果", "/a.png", 100, 5, null)))
                .as("the price stays above the flash price").isEqualTo(ErrorCode.FLASH_SALE_RUNNING);
        assertThat(room.put("pr-1", null, "苹果", "/a.png", 101, 5, null).stock()).isEqualTo(5);
    }

    @Test
    void conversionIsBuyersOverViewersAndEachStintHasItsOwnFigures() {
        hosted().put(null, "pr-1", "苹果", "/img/apple.png", 1000, 100, null);
        room.pin("pr-1", T0);
        buy(A, "pr-1", 1, T0);
        buy(A, "pr-1", 3, T0);

        HostStint first = room.stint().orElseThrow();
        assertThat(first.figures().viewers()).as("the host is not a viewer").isEqualTo(3);
        assertThat(first.figures().buyers()).isEqualTo(1);
        assertThat(first.figures().orders()).isEqualTo(2);
        assertThat(first.figures().conversion()).isEqualTo(0.3333);
        assertThat(first.figures().conversionPermille()).isEqualTo(333);

        HostStint ended = room.handTo(A, "李明", T0.plus(Duration.ofMinutes(5)), 40, List.of(HOST, A, B, C))
                .orElseThrow();
        assertThat(ended).isSameAs(first);
        buy(HOST, "pr-1", 1, T0.plus(Duration.ofMinutes(6)));
        HostStint second = room.stint().orElseThrow();
        assertThat(second.figures().viewers()).isEqualTo(3);
        assertThat(second.figures().buyers()).isEqualTo(1);
        assertThat(second.figures().turnoverFen()).isEqualTo(1000);
        assertThat(second.likesSince(100)).isEqualTo(60);
        assertThat(room.total().viewers()).as("everyone but whoever hosted when they came").isEqualTo(4);
        assertThat(room.total().turnoverFen()).isEqualTo(5000);
        assertThat(room.hosts()).containsExactly(HOST, A);
        assertThat(new SalesFigures().conversion()).as("no viewers, no division by zero").isZero();
    }

    @Test
    void anOrderThatCouldNotBeRecordedIsTakenBack() {
        hosted().put(null, "pr-1", "苹果", "/img/apple.png", 1000, 5, null);
        room.pin("pr-1", T0);
        Order o = buy(A, "pr-1", 5, T0);

        room.undo(o);

        assertThat(room.product("pr-1").stock()).isEqualTo(5);
        assertThat(room.total().orders()).isZero();
        assertThat(room.total().buyers()).isZero();
        assertThat(room.stint().orElseThrow().figures().turnoverFen()).isZero();
    }

    @Test
    void theShelfHoldsFiftyProducts() {
        for (int i = 0; i < 50; i++) {
            room.put(null, "pr-" + i, "商品" + i, "/img/" + i + ".png", 100, 1, null);
        }
        assertThatThrownBy(() -> room.put(null, "pr-50", "再一个", "/img/x.png", 100, 1, null))
                .isInstanceOf(ClassroomException.class)
                .satisfies(e -> assertThat(((ClassroomException) e).code()).isEqualTo(ErrorCode.SHELF_FULL));
        assertThat(room.put("pr-3", null, "改名", "/img/3.png", 200, 9, null).name()).isEqualTo("改名");
    }
}
