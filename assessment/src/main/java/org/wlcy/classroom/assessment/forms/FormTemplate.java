package org.wlcy.classroom.assessment.forms;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The questions of a form. The institution (admin) sets them per class, starting from
 * {@link #guidelineDefault}: the guideline names the forms and what they are for (评估学员对当天培训的
 * 满意度 / 对整个培训课程的满意度) and these questions follow that.
 */
public record FormTemplate(FormKind kind, List<Question> questions) {
    public FormTemplate {
        questions = List.copyOf(questions);
        if (questions.isEmpty() || questions.size() > 30) {
            throw new IllegalArgumentException("a form has 1-30 questions");
        }
        Set<String> ids = new HashSet<>();
        for (Question q : questions) {
            if (!ids.add(q.id())) {
                throw new IllegalArgumentException("question id '" + q.id() + "' appears twice");
            }
        }
    }

    public Optional<Question> question(String id) {
        return questions.stream().filter(q -> q.id().equals(id)).findFirst();
    }

    public static FormTemplate guidelineDefault(FormKind kind) {
        return switch (kind) {
            case DAILY_FEEDBACK -> new FormTemplate(kind, List.of(
                    Question.rating("content", "今天的培训内容对您有帮助吗？", "Was today's content useful to you?"),
                    Question.rating("lecturers", "您对今天讲师的授课满意吗？", "Were you satisfied with today's teaching?"),
                    Question.rating("interaction", "您对今天的互动与练习满意吗？", "Were you satisfied with today's interaction and exercises?"),
                    Question.choice("pace", "今天的进度", "Today's pace", List.of("太快", "合适", "太慢")),
                    Question.freeText("learned", "今天您最大的收获是什么？", "What did you gain most today?"),
                    Question.freeText("suggestions", "您对明天的培训有什么建议？", "What should change tomorrow?")));
            case END_OF_CLASS -> new FormTemplate(kind, List.of(
                    Question.rating("course", "您对整个培训课程内容满意吗？", "Were you satisfied with the course content?"),
                    Question.rating("lecturers", "您对讲师的授课满意吗？", "Were you satisfied with the lecturers?"),
                    Question.rating("practice", "实践环节（开店、运营）对您有帮助吗？", "Did the practical work (shop, operation) help you?"),
                    Question.rating("organisation", "您对培训机构的组织与服务满意吗？", "Were you satisfied with the institution's organisation?"),
                    Question.rating("platform", "您对在线学习平台满意吗？", "Were you satisfied with the online platform?"),
                    Question.rating("overall", "总体而言，您对本期培训满意吗？", "Overall, were you satisfied with this class?"),
                    Question.choice("start", "您计划何时开展网络创业？", "When do you plan to start your online business?",
                            List.of("已经开始", "三个月内", "一年内", "暂无计划")),
                    Question.freeText("suggestions", "您对本期培训有什么意见和建议？", "Your comments and suggestions")));
        };
    }
}
