package org.wlcy.classroom.assessment.submission;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;

/**
 * The fields of each kind of submission. The practical-results record follows form 8 of the
 * guideline (实践成果信息登记表: 模拟商城店铺信息、真实电商平台（包括微店）店铺信息); the business plan
 * follows the sections of a 网店规划书 / SYB 创业计划书.
 */
public record SubmissionSchema(SubmissionKind kind, List<Field> fields, int maxAttachments) {
    /**
     * Characters per section of the plan: seven sections of Chinese text stay under the 64 KiB
     * a request body may carry (about 3 bytes a character in UTF-8); 17,500 characters in all.
     */
    public static final int PLAN_SECTION = 2500;
    public static final List<String> PLATFORMS = List.of("模拟商城", "淘宝", "京东", "拼多多", "抖音", "快手", "微店", "其他");

    public static SubmissionSchema of(SubmissionKind kind) {
        return switch (kind) {
            case PRACTICAL_RESULTS -> new SubmissionSchema(kind, List.of(
                    Field.text("shopName", "店铺或账号名称", "Shop or account name", 100, true),
                    Field.choice("platform", "所在平台", "Platform", PLATFORMS),
                    Field.text("shopUrl", "店铺地址", "Shop address (URL)", 500, false),
                    Field.text("products", "经营商品", "Products", 2000, true),
                    Field.whole("orders", "培训期间订单数", "Orders during the training", 0, 1_000_000),
                    Field.whole("turnoverCents", "培训期间成交额（分）", "Turnover during the training (fen)", 0,
                            100_000_000_000L),
                    Field.text("operation", "运营与推广情况", "Operation and promotion", 2000, false),
                    Field.text("summary", "实践总结", "What you learned", 2000, false)), 10);
            case BUSINESS_PLAN -> new SubmissionSchema(kind, List.of(
                    Field.text("positioning", "网店定位与经营理念", "Positioning of the shop", PLAN_SECTION, true),
                    Field.text("customers", "目标客户与市场分析", "Customers and market", PLAN_SECTION, true),
                    Field.text("products", "商品规划与货源", "Products and supply", PLAN_SECTION, true),
                    Field.text("marketing", "营销推广计划", "Marketing plan", PLAN_SECTION, true),
                    Field.text("operations", "运营、客服与物流", "Operations, service and delivery", PLAN_SECTION, true),
                    Field.text("finance", "启动资金与财务预测", "Start-up money and financial forecast", PLAN_SECTION, true),
                    Field.text("risks", "风险与对策", "Risks and answers", PLAN_SECTION, false)), 1);
        };
    }

    public Optional<Field> field(String id) {
        return fields.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    /**
     * The fields checked: no unknown key, every value of its field's type (103 naming
     * {@code fields.<id>}); a submission (not a draft) also needs every required field. Blank text
     * counts as missing and is dropped.
     */
    public Map<String, Object> check(Map<String, Object> given, boolean complete) {
        for (String id : given.keySet()) {
            if (field(id).isEmpty()) {
                throw new ClassroomException(ErrorCode.INVALID_FIELD, "fields." + id + ": no such field");
            }
        }
        Map<String, Object> kept = new TreeMap<>();
        for (Field f : fields) {
            Object v = given.get(f.id());
            if (v instanceof String s && s.isBlank()) {
                v = null;
            }
            if (v == null) {
                if (complete && f.required()) {
                    throw new ClassroomException(ErrorCode.INVALID_FIELD, "fields." + f.id() + ": required to submit ("
                            + f.title() + ")");
                }
                continue;
            }
            String problem = f.problem(v);
            if (problem != null) {
                throw new ClassroomException(ErrorCode.INVALID_FIELD, problem);
            }
            kept.put(f.id(), v instanceof Integer i ? Long.valueOf(i) : v);
        }
        return kept;
    }
}
