package org.wlcy.classroom.commerce;

import org.wlcy.classroom.protocol.CommerceMessages.ProductView;

/** One product on a practice room's shelf: price in fen, stock in units (simulated; never below zero). */
public record Product(String id, String name, String imageUrl, int priceFen, int stock, String promotion) {
    public Product {
        if (priceFen <= 0) {
            throw new IllegalArgumentException("priceFen must be positive");
        }
        if (stock < 0) {
            throw new IllegalArgumentException("stock must not be negative");
        }
        promotion = promotion == null || promotion.isEmpty() ? null : promotion;
    }

    Product withStock(int newStock) {
        return new Product(id, name, imageUrl, priceFen, newStock, promotion);
    }

    public ProductView view() {
        return new ProductView(id, name, imageUrl, priceFen, stock, promotion);
    }
}
