package org.wlcy.classroom.assessment.scoring;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The scoring sheet of a class's practical results (网络创业培训实践成果评分表及评分标准): criteria whose
 * points add up to exactly 100 (Art. 7(5), footnote 6: 满分 100 分). An admin may set another one
 * per class; {@link #guidelineDefault()} follows the record trainees fill in (实践成果信息登记表).
 */
public record Rubric(List<Criterion> criteria) {
    public static final int FULL_MARKS = 100;

    public Rubric {
        criteria = List.copyOf(criteria);
        if (criteria.isEmpty() || criteria.size() > 20) {
            throw new IllegalArgumentException("a rubric has 1-20 criteria");
        }
        Set<String> ids = new HashSet<>();
        int sum = 0;
        for (Criterion c : criteria) {
            if (!ids.add(c.id())) {
                throw new IllegalArgumentException("criterion id '" + c.id() + "' appears twice");
            }
            sum += c.points();
        }
        if (sum != FULL_MARKS) {
            throw new IllegalArgumentException("the criteria's points add up to " + sum + ", not " + FULL_MARKS);
        }
    }

    public Optional<Criterion> criterion(String id) {
        return criteria.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /**
     * The default sheet: the guideline names the parts of a practical result (a shop on the
     * simulated mall or on a real platform or WeChat store, its products, its operation and its
     * results) but leaves the points to the 评分标准; these weights follow that order.
     */
    public static Rubric guidelineDefault() {
        return new Rubric(List.of(
                new Criterion("shop", "店铺开设与装修", "Shop opened and set up",
                        "店铺已在模拟商城或真实电商平台（含微店）开设；名称、店招、分类与介绍完整规范。", 20),
                new Criterion("products", "商品选择与上架", "Products chosen and listed",
                        "商品定位与目标客户相符；上架数量、标题、图片与详情描述完整准确。", 20),
                new Criterion("operation", "运营与推广", "Operation and promotion",
                        "开展了推广、客服与售后等运营活动，有记录可查。", 20),
                new Criterion("results", "交易成果", "Sales results",
                        "培训期间的订单数与成交额，有平台截图或流水等佐证材料。", 25),
                new Criterion("plan-fit", "与网店规划书的一致性", "Consistency with the shop plan",
                        "实践与《网店规划书》的定位、策略一致，并有总结与改进。", 15)));
    }
}
