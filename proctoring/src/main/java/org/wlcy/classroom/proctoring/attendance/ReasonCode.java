package org.wlcy.classroom.proctoring.attendance;

import java.util.Locale;

/**
 * Every reason the attendance rules give, with its weight, article and bilingual wording. The
 * templates take {@link String#format} arguments in the order documented on each constant.
 */
public enum ReasonCode {
    // ---- one lesson -----------------------------------------------------------------------
    /** (counted min, teaching min, percent, minimum percent) */
    PRESENCE_SUMMARY(Severity.INFO, Articles.ART_7_5,
            "计入学习时间 %d 分钟，占本节授课时间 %d 分钟的 %d%%（出勤下限 %d%%）",
            "counted %d min of the lesson's %d teaching min (%d%%; minimum %d%%)"),
    /** (counted min, teaching min, percent, minimum percent) */
    BELOW_MIN_PRESENCE(Severity.WARNING, Articles.ART_7_5,
            "计入学习时间仅 %d 分钟，占 %d 分钟的 %d%%，低于出勤下限 %d%%，按缺课计",
            "counted only %d min of %d (%d%%), below the minimum of %d%%: the lesson is missed"),
    /** () */
    ABSENT_WITHOUT_LEAVE(Severity.WARNING, Articles.ART_7_5,
            "无故旷课：缺课且无已批准的请假",
            "absent without leave: missed the lesson with no approved leave"),
    /** (minutes late, threshold minutes) */
    LATE(Severity.WARNING, Articles.ART_7_5,
            "迟到 %d 分钟（超过 %d 分钟计迟到；严禁迟到早退）",
            "late by %d min (more than %d min counts as late; lateness is prohibited)"),
    /** (minutes early, threshold minutes) */
    LEFT_EARLY(Severity.WARNING, Articles.ART_7_5,
            "早退 %d 分钟（超过 %d 分钟计早退；严禁迟到早退）",
            "left %d min early (more than %d min counts as leaving early; leaving early is prohibited)"),
    /** (hidden minutes) */
    HIDDEN_TIME_NOT_COUNTED(Severity.INFO, Articles.ART_24_3,
            "页面隐藏（切屏）%d 分钟，不计入学习时间",
            "page hidden (tab switched) for %d min, not counted as learning time"),
    /** (hidden minutes) */
    HIDDEN_TIME_COUNTED(Severity.INFO, Articles.ART_24_3,
            "页面隐藏（切屏）%d 分钟，按设置计入学习时间",
            "page hidden (tab switched) for %d min, counted as learning time by the class's setting"),
    /** (blurred minutes) */
    BLURRED_TIME_NOT_COUNTED(Severity.INFO, Articles.ART_24_3,
            "窗口失去焦点 %d 分钟，按设置不计入学习时间",
            "window unfocused for %d min, not counted as learning time by the class's setting"),
    /** (number of cuts, timeout seconds) */
    CONNECTION_SILENCE_CUT(Severity.INFO, Articles.ART_25,
            "连接有 %d 次静默超过 %d 秒，静默时间不计为在线",
            "the connection went silent %d time(s) for more than %d s; silent time is not counted as present"),
    /** (leave request id, leave class hours) */
    ON_APPROVED_LEAVE(Severity.INFO, Articles.ART_7_5,
            "已批准请假（%s，%d 课时），计为请假 1 次",
            "on approved leave (%s, %d class hours), counted as one leave"),
    /** (leave request id) */
    LEAVE_NOT_USED(Severity.INFO, Articles.ART_7_5,
            "请假（%s）已批准，但学员全程出勤，未使用，不计请假次数",
            "leave %s was approved but the trainee attended in full; unused, it does not count as a leave"),
    /** (leave request id, class hours) */
    LEAVE_USED_UP(Severity.WARNING, Articles.ART_7_5,
            "请假（%s，%d 课时）已用于同一天较早的课次，不能再抵消本课缺课",
            "leave %s (%d class hours) was used up by an earlier lesson that day and does not excuse this one"),
    /** (leave request id) */
    LEAVE_PENDING(Severity.WARNING, Articles.ART_7_5,
            "请假（%s）尚未审批，不能抵消缺课",
            "leave %s is still pending and does not excuse the absence"),
    /** (leave request id) */
    LEAVE_REJECTED(Severity.WARNING, Articles.ART_7_5,
            "请假（%s）已被驳回",
            "leave %s was rejected"),
    /** (method) */
    SIGNED_IN(Severity.INFO, Articles.ART_24_2,
            "已签到（%s）", "signed in (%s)"),
    /** () */
    NOT_SIGNED_IN(Severity.WARNING, Articles.ART_24_2,
            "未签到", "did not sign in"),
    /** () */
    SIGN_IN_REQUIRED(Severity.WARNING, Articles.ART_24_2,
            "本班要求签到，未签到按缺课计", "this class requires sign-in; without it the lesson is missed"),
    /** () */
    OFFLINE_BY_SIGN_IN(Severity.INFO, Articles.ART_24_2,
            "线下课程：出勤依据签到或点名认定，早退无法由平台测量",
            "offline lesson: attendance rests on sign-in or roll call; leaving early cannot be measured by the platform"),

    // ---- eligibility ----------------------------------------------------------------------
    /** (absences, leaves, total, max) */
    ABSENCES_AND_LEAVES_OVER_LIMIT(Severity.BLOCKING, Articles.ART_7_5,
            "无故旷课 %d 次、请假 %d 次，合计 %d 次，超过 %d 次，不能参加考核",
            "%d absence(s) without leave and %d leave(s), %d in all, more than %d: may not sit the assessment"),
    /** (absences, leaves, total, max) */
    ABSENCES_AND_LEAVES_WITHIN_LIMIT(Severity.INFO, Articles.ART_7_5,
            "无故旷课 %d 次、请假 %d 次，合计 %d 次，未超过 %d 次",
            "%d absence(s) without leave and %d leave(s), %d in all, not more than %d"),
    /** (absences, max) */
    ABSENCES_OVER_LIMIT(Severity.BLOCKING, Articles.ART_7_5,
            "无故旷课 %d 次，超过 %d 次，不能参加考核",
            "%d absences without leave, more than %d: may not sit the assessment"),
    /** (leaves, max) */
    LEAVES_OVER_LIMIT(Severity.BLOCKING, Articles.ART_7_5,
            "请假 %d 次，超过 %d 次，不能参加考核",
            "%d leaves, more than %d: may not sit the assessment"),
    /** (absences, leaves, max) */
    ABSENCES_AND_LEAVES_EACH_WITHIN_LIMIT(Severity.INFO, Articles.ART_7_5,
            "无故旷课 %d 次、请假 %d 次，均未超过 %d 次（分别计数）",
            "%d absence(s) without leave and %d leave(s), each not more than %d (counted separately)"),
    /** (counted hours, required hours, credited hours, excused hours) */
    CLASS_HOURS_SHORT(Severity.BLOCKING, Articles.ART_7_3,
            "计入课时 %s，不足 %d 课时（其中学习 %s 课时，请假抵扣 %s 课时）",
            "%s class hours counted, fewer than the %d required (%s learned, %s excused by leave)"),
    /** (counted hours, required hours, credited hours, excused hours) */
    CLASS_HOURS_MET(Severity.INFO, Articles.ART_7_3,
            "计入课时 %s，达到 %d 课时（其中学习 %s 课时，请假抵扣 %s 课时）",
            "%s class hours counted, at least the %d required (%s learned, %s excused by leave)"),
    /** (online hours, cap percent, cap hours, uncounted hours) */
    ONLINE_HOURS_OVER_CAP(Severity.WARNING, Articles.FOOTNOTE_2,
            "线上课时 %s，超过规定比例 %d%%（%s 课时），超出的 %s 课时不计入",
            "%s online class hours, over the %d%% allowed (%s class hours); the %s over it are not counted"),
    /** (online hours, share percent, cap percent) */
    ONLINE_HOURS_WITHIN_CAP(Severity.INFO, Articles.FOOTNOTE_2,
            "线上课时 %s，占所得课时 %s%%，在规定比例 %d%% 以内",
            "%s online class hours, %s%% of the hours credited, within the %d%% allowed"),
    /** (late count, early count) */
    LATENESS_RECORDED(Severity.WARNING, Articles.ART_7_5,
            "迟到 %d 次、早退 %d 次（严禁迟到早退；不计入旷课次数）",
            "late %d time(s), left early %d time(s) (prohibited; not counted as absences)"),
    /** (pending count) */
    LEAVES_PENDING(Severity.WARNING, Articles.ART_7_5,
            "有 %d 个请假尚未审批，相关课程按无故旷课计",
            "%d leave request(s) still pending; the lessons they name count as absences without leave"),

    // ---- leave requests -------------------------------------------------------------------
    /** (requested hours, max hours) */
    LEAVE_OVER_MAX_HOURS(Severity.BLOCKING, Articles.ART_7_5,
            "一次请假不能超过 %2$d 课时（申请 %1$d 课时）",
            "one leave may not exceed %2$d class hours (%1$d requested)"),
    /** (requested hours) */
    LEAVE_HOURS_NOT_POSITIVE(Severity.BLOCKING, Articles.ART_7_5,
            "请假课时须为正整数（申请 %d 课时）",
            "leave must be a positive whole number of class hours (%d requested)"),
    /** () */
    LEAVE_REASON_MISSING(Severity.BLOCKING, Articles.ART_7_5,
            "请填写请假事由", "a leave request needs a reason"),
    /** (existing request id, lesson id) */
    LEAVE_DUPLICATE(Severity.BLOCKING, Articles.ART_7_5,
            "本节课已有请假申请 %s（课程 %s）",
            "leave request %s already covers lesson %s"),
    /** (request id) */
    LEAVE_ID_CONFLICT(Severity.BLOCKING, Articles.ART_7_5,
            "请假申请编号 %s 已用于另一申请",
            "leave request id %s is already used by a different request"),
    /** (request id) */
    LEAVE_NOT_FOUND(Severity.BLOCKING, Articles.ART_7_5,
            "没有请假申请 %s", "no leave request %s"),
    /** (request id, status) */
    LEAVE_ALREADY_DECIDED(Severity.BLOCKING, Articles.ART_7_5,
            "请假申请 %s 已处理（%s）", "leave request %s was already decided (%s)"),
    /** (role) */
    LEAVE_DECIDER_NOT_LECTURER(Severity.BLOCKING, Articles.ART_7_2,
            "只有授课讲师可以审批请假（当前角色 %s）",
            "only a lecturer may decide on leave (role %s)"),
    /** (request id) */
    LEAVE_NOT_OWN(Severity.BLOCKING, Articles.ART_7_5,
            "只能撤回本人的请假申请 %s", "only the trainee who asked may withdraw leave request %s");

    private final Severity severity;
    private final String article;
    private final String zh;
    private final String en;

    ReasonCode(Severity severity, String article, String zh, String en) {
        this.severity = severity;
        this.article = article;
        this.zh = zh;
        this.en = en;
    }

    /** The weight every reason of this code carries. */
    public Severity severity() {
        return severity;
    }

    /** The provision this code applies. */
    public String article() {
        return article;
    }

    /** A reason of this code with the figures filled in. */
    public Reason reason(Object... args) {
        return new Reason(this, severity, article, String.format(Locale.ROOT, zh, args),
                String.format(Locale.ROOT, en, args));
    }

    /** The article references the codes use. */
    static final class Articles {
        static final String ART_7_2 = "第七条（二） / Art. 7(2)";
        static final String ART_7_3 = "第七条（三） / Art. 7(3)";
        static final String ART_7_5 = "第七条（五） / Art. 7(5)";
        static final String ART_24_2 = "第二十四条（二） / Art. 24(2)";
        static final String ART_24_3 = "第二十四条（三） / Art. 24(3)";
        static final String ART_25 = "第二十五条 / Art. 25";
        static final String FOOTNOTE_2 = "第七条（三）注 2，中就培函〔2020〕53 号 / Art. 7(3) fn. 2, 2020 blended guideline";

        private Articles() {
        }
    }
}
