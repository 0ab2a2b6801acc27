package org.wlcy.classroom.proctoring.attendance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Art. 7(五): 无故旷课或请假超过 2 次（一次请假不能超过 4 课时），学员将不能参加考核。
 * Art. 7(三): 不少于 7 天，56 课时; footnote 2: online within the prescribed proportion (here the
 * configurable cap, default 50% of the required hours).
 *
 * <p>Each row builds a real schedule: {@code absences} and {@code leaves} are 4-hour online lessons
 * missed (leaves asked for {@code leaveH} class hours, approved when the book accepts them);
 * {@code online} and {@code offline} are class hours attended in full. Every row goes through the
 * traces, the leave book, lesson attendance and eligibility.
 */
class EligibilityTableTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                   | absences | leaves | leaveH | online | offline | cap% | eligible | absences+leaves counted | hours counted | non-info reasons
              56 hours exactly, online exactly at cap |  0       |  0     | 0      | 28     | 28      | 50   | true     | 0+0                     | 56.00         | -
              55 hours: one short                     |  0       |  0     | 0      | 28     | 27      | 50   | false    | 0+0                     | 55.00         | CLASS_HOURS_SHORT
              2 absences: not more than 2             |  2       |  0     | 0      | 28     | 28      | 50   | true     | 2+0                     | 56.00         | -
              3 absences: more than 2                 |  3       |  0     | 0      | 28     | 28      | 50   | false    | 3+0                     | 56.00         | ABSENCES_AND_LEAVES_OVER_LIMIT
              2 leaves of 4 hours                     |  0       |  2     | 4      | 28     | 28      | 50   | true     | 0+2                     | 64.00         | -
              3 leaves of 4 hours                     |  0       |  3     | 4      | 28     | 28      | 50   | false    | 0+3                     | 68.00         | ABSENCES_AND_LEAVES_OVER_LIMIT
              1 absence + 1 leave = 2                 |  1       |  1     | 4      | 28     | 28      | 50   | true     | 1+1                     | 60.00         | -
              1 absence + 2 leaves = 3 (combined)     |  1       |  2     | 4      | 28     | 28      | 50   | false    | 1+2                     | 64.00         | ABSENCES_AND_LEAVES_OVER_LIMIT
              2 absences + 2 leaves = 4               |  2       |  2     | 4      | 28     | 28      | 50   | false    | 2+2                     | 64.00         | ABSENCES_AND_LEAVES_OVER_LIMIT
              5-hour leave refused: lesson is absence |  0       |  1     | 5      | 28     | 28      | 50   | true     | 1+0                     | 56.00         | -
              2 absences + refused 5-hour leave = 3   |  2       |  1     | 5      | 28     | 28      | 50   | false    | 3+0                     | 56.00         | ABSENCES_AND_LEAVES_OVER_LIMIT
              leave hours make up the 56              |  0       |  2     | 4      | 28     | 20      | 50   | true     | 0+2                     | 56.00         | -
              leave hours one short                   |  0       |  2     | 4      | 28     | 19      | 50   | false    | 0+2                     | 55.00         | CLASS_HOURS_SHORT
              a 2-hour leave excuses only 2 hours     |  0       |  2     | 2      | 28     | 24      | 50   | true     | 0+2                     | 56.00         | -
              online one hour over cap, 56 remain     |  0       |  0     | 0      | 29     | 28      | 50   | true     | 0+0                     | 56.00         | ONLINE_HOURS_OVER_CAP
              online over cap leaves 55               |  0       |  0     | 0      | 29     | 27      | 50   | false    | 0+0                     | 55.00         | CLASS_HOURS_SHORT ONLINE_HOURS_OVER_CAP
              all online, cap 100%                    |  0       |  0     | 0      | 56     | 0       | 100  | true     | 0+0                     | 56.00         | -
              all online, cap 50%                     |  0       |  0     | 0      | 56     | 0       | 50   | false    | 0+0                     | 28.00         | CLASS_HOURS_SHORT ONLINE_HOURS_OVER_CAP
              all offline, cap 0%                     |  0       |  0     | 0      | 0      | 56      | 0    | true     | 0+0                     | 56.00         | -
              nothing attended                        |  3       |  0     | 0      | 0      | 0       | 50   | false    | 3+0                     | 0.00          | ABSENCES_AND_LEAVES_OVER_LIMIT CLASS_HOURS_SHORT
            """)
    void article7(String name, int absences, int leaves, int leaveHours, int online, int offline, int capPercent,
                  boolean eligible, String counted, String hours, String nonInfo) {
        AttendancePolicy policy = AttendancePolicy.defaults().withOnlineCapPercent(capPercent);
        Eligibility e = new ClassFixture(policy)
                .attended(LessonMode.ONLINE, online)
                .attended(LessonMode.OFFLINE, offline)
                .absent(absences)
                .onLeave(leaves, leaveHours)
                .assess();

        assertThat(e.eligible()).as(name + " " + e.reasons()).isEqualTo(eligible);
        EligibilityFigures f = e.figures();
        assertThat(f.absencesWithoutLeave() + "+" + f.leaves()).isEqualTo(counted);
        assertThat(f.countedClassHours()).isEqualByComparingTo(hours);
        List<String> expected = nonInfo.equals("-") ? List.of() : Arrays.asList(nonInfo.split(" "));
        assertThat(e.reasons()).filteredOn(r -> r.severity() != Severity.INFO).extracting(r -> r.code().name())
                .containsExactlyElementsOf(expected);
        assertThat(e.reasons()).as("every verdict says how it counted")
                .extracting(Reason::code).contains(ReasonCode.ABSENCES_AND_LEAVES_OVER_LIMIT.name().equals(nonInfo)
                        | f.absencesAndLeaves() > 2 ? ReasonCode.ABSENCES_AND_LEAVES_OVER_LIMIT
                        : ReasonCode.ABSENCES_AND_LEAVES_WITHIN_LIMIT);
    }

    @Test
    void theVerdictCarriesFiguresAndBilingualReasonsWithArticles() {
        Eligibility e = new ClassFixture(AttendancePolicy.defaults())
                .attended(LessonMode.ONLINE, 28).attended(LessonMode.OFFLINE, 28)
                .absent(1).onLeave(2, 4).assess();

        assertThat(e.eligible()).isFalse();
        Reason first = e.reasons().get(0);
        assertThat(first.code()).isEqualTo(ReasonCode.ABSENCES_AND_LEAVES_OVER_LIMIT);
        assertThat(first.zh()).isEqualTo("无故旷课 1 次、请假 2 次，合计 3 次，超过 2 次，不能参加考核");
        assertThat(first.en()).isEqualTo(
                "1 absence(s) without leave and 2 leave(s), 3 in all, more than 2: may not sit the assessment");
        assertThat(first.article()).isEqualTo("第七条（五） / Art. 7(5)");
        assertThat(e.blockingReasons()).containsExactly(first);

        EligibilityFigures f = e.figures();
        assertThat(f.lessons()).isEqualTo(14 + 3);
        assertThat(f.attended()).isEqualTo(14);
        assertThat(f.creditedClassHours()).isEqualByComparingTo("56.00");
        assertThat(f.excusedClassHours()).isEqualByComparingTo("8.00");
        assertThat(f.onlineSharePercent()).isEqualByComparingTo("50.0");
        assertThat(f.requiredClassHours()).isEqualByComparingTo("56.00");
        assertThat(e.lessons()).hasSize(17);
    }

    @Test
    void separateCountingIsTheLenientReading() {
        AttendancePolicy separate = AttendancePolicy.defaults().withAbsenceCounting(AbsenceCounting.SEPARATE);
        Eligibility twoAndTwo = new ClassFixture(separate).attended(LessonMode.ONLINE, 28)
                .attended(LessonMode.OFFLINE, 28).absent(2).onLeave(2, 4).assess();
        assertThat(twoAndTwo.eligible()).isTrue();
        assertThat(twoAndTwo.has(ReasonCode.ABSENCES_AND_LEAVES_EACH_WITHIN_LIMIT)).isTrue();

        Eligibility threeLeaves = new ClassFixture(separate).attended(LessonMode.ONLINE, 28)
                .attended(LessonMode.OFFLINE, 28).onLeave(3, 4).assess();
        assertThat(threeLeaves.blockingReasons()).extracting(Reason::code).containsExactly(ReasonCode.LEAVES_OVER_LIMIT);

        Eligibility threeAbsences = new ClassFixture(separate).attended(LessonMode.ONLINE, 28)
                .attended(LessonMode.OFFLINE, 28).absent(3).assess();
        assertThat(threeAbsences.blockingReasons()).extracting(Reason::code)
                .containsExactly(ReasonCode.ABSENCES_OVER_LIMIT);
    }

    @Test
    void lateArrivalsAreWarnedAboutButDoNotBlock() {
        Eligibility e = new ClassFixture(AttendancePolicy.defaults().withRequiredClassHours(40))
                .attended(LessonMode.OFFLINE, 28).attendedLate(5).assess();

        assertThat(e.eligible()).isTrue();
        assertThat(e.figures().late()).isEqualTo(5);
        assertThat(e.reasons()).extracting(Reason::code).contains(ReasonCode.LATENESS_RECORDED);
        // 5 lessons of 165 credited minutes: 825 min = 18.33 class hours online, cap 20
        assertThat(e.figures().creditedOnlineClassHours()).isEqualByComparingTo("18.33");
    }

    @Test
    void withoutCountingLeaveHoursTheLeavesCostHours() {
        AttendancePolicy policy = AttendancePolicy.defaults().withLeaveHoursCountTowardRequired(false);
        Eligibility e = new ClassFixture(policy).attended(LessonMode.ONLINE, 28).attended(LessonMode.OFFLINE, 20)
                .onLeave(2, 4).assess();

        assertThat(e.eligible()).isFalse();
        assertThat(e.blockingReasons()).extracting(Reason::code).containsExactly(ReasonCode.CLASS_HOURS_SHORT);
    }

    @Test
    void aPendingLeaveIsAnAbsenceAndSaysSo() {
        Eligibility e = new ClassFixture(AttendancePolicy.defaults()).attended(LessonMode.ONLINE, 28)
                .attended(LessonMode.OFFLINE, 28).pendingLeave(1).assess();

        assertThat(e.eligible()).isTrue();
        assertThat(e.figures().absencesWithoutLeave()).isEqualTo(1);
        assertThat(e.figures().leaves()).isZero();
        assertThat(e.figures().pendingLeaves()).isEqualTo(1);
        assertThat(e.reasons()).extracting(Reason::code).contains(ReasonCode.LEAVES_PENDING);
    }

    @Test
    void requiredHoursZeroSwitchesTheHoursCheckOff() {
        Eligibility e = new ClassFixture(AttendancePolicy.defaults().withRequiredClassHours(0))
                .attended(LessonMode.ONLINE, 4).assess();

        assertThat(e.eligible()).isTrue();
        assertThat(e.has(ReasonCode.CLASS_HOURS_MET) | e.has(ReasonCode.CLASS_HOURS_SHORT)).isFalse();
    }
}
