package org.wlcy.classroom.enrolment.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.enrolment.EnrolledClass;
import org.wlcy.classroom.enrolment.opening.ClassPlan;
import org.wlcy.classroom.enrolment.opening.LessonDay;
import org.wlcy.classroom.enrolment.opening.OpeningApplication;
import org.wlcy.classroom.enrolment.roster.RosterEntry;
import org.wlcy.classroom.participant.ResidentIdNumber;

/**
 * What every {@link EnrolmentStore} keeps: a class's record whole (plan, every step, the roster in
 * order, Chinese text), the latest save replacing the one before, and all of it across a reopen.
 * Run against the embedded store and PostgreSQL.
 */
abstract class EnrolmentStoreContract {
    static final Instant T = Instant.parse("2026-12-07T02:00:00Z");
    protected EnrolmentStore store;

    /** A fresh store on the same data as the previous one of this test (the first: empty). */
    protected abstract EnrolmentStore openStore();

    /** Closes the store if it holds resources. */
    protected void closeStore(EnrolmentStore s) {
        if (s instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    @BeforeEach
    void openFirst() {
        store = openStore();
    }

    @AfterEach
    void closeLast() {
        closeStore(store);
    }

    protected void reopen() {
        closeStore(store);
        store = openStore();
    }

    static String id(String first17) {
        return first17 + ResidentIdNumber.checkCharacter(first17);
    }

    static ClassPlan plan(String classId, String region) {
        return new ClassPlan(classId, "深圳网创第1期", "深圳职训中心", region, List.of("l01", "l02"),
                IntStream.range(0, 7).mapToObj(i -> new LessonDay(LocalDate.of(2027, 1, 4).plusDays(i), 8, i < 3))
                        .toList());
    }

    static RosterEntry trainee(int line, String name, String first17) {
        return new RosterEntry(line, name, new ResidentIdNumber(id(first17)), "13800138000", true, "电商");
    }

    static EnrolledClass approvedWithTwo(String classId) {
        OpeningApplication a = OpeningApplication.draft(plan(classId, "440305"), "admin-sz", T)
                .submit("admin-sz", T.plusSeconds(60), 50).approve("reg-4403", T.plusSeconds(120));
        return new EnrolledClass(a, List.of(trainee(2, "张三", "44030519900101001"),
                trainee(3, "李四", "44030519920202002")));
    }

    @Test
    void aSavedClassIsFoundWholeAfterAReopen() {
        EnrolledClass c = approvedWithTwo("sz-2027-01");
        store.save(c);
        assertThat(store.find("sz-2027-01")).contains(c);
        reopen();
        assertThat(store.find("sz-2027-01")).contains(c);
        EnrolledClass back = store.find("sz-2027-01").orElseThrow();
        assertThat(back.application().steps()).extracting(OpeningApplication.Step::state).containsExactly(
                OpeningApplication.State.DRAFT, OpeningApplication.State.SUBMITTED, OpeningApplication.State.APPROVED);
        assertThat(back.roster()).extracting(RosterEntry::name).containsExactly("张三", "李四");
        assertThat(store.find("no-such-class")).isEmpty();
    }

    @Test
    void aSaveReplacesTheRecordBeforeIt() {
        EnrolledClass draft = new EnrolledClass(OpeningApplication.draft(plan("sz-2027-02", "440305"), "admin-sz", T),
                List.of(trainee(2, "王五", "44030519950303003"), trainee(3, "赵六", "44030519960404004"),
                        trainee(4, "钱七", "44030519970505005")));
        store.save(draft);
        EnrolledClass fewer = new EnrolledClass(draft.application().revise(plan("sz-2027-02", "440306"), "admin-sz",
                T.plusSeconds(5)), draft.roster().subList(1, 2));
        store.save(fewer);
        reopen();
        assertThat(store.find("sz-2027-02")).contains(fewer);
        assertThat(store.all()).containsExactly(fewer);
    }

    @Test
    void allListsEveryClassEvenOneWithoutTrainees() {
        EnrolledClass empty = new EnrolledClass(OpeningApplication.draft(plan("a-class", "110101"), "admin-bj", T),
                List.of());
        EnrolledClass full = approvedWithTwo("b-class");
        store.save(full);
        store.save(empty);
        reopen();
        assertThat(store.all()).containsExactlyInAnyOrder(empty, full);
    }

    // issue H roster: the platform user id of a trainee
    @Test
    void aTraineesPlatformUserIdIsKeptAndOneWithoutStaysWithout() {
        OpeningApplication a = OpeningApplication.draft(plan("sz-2027-05", "440305"), "admin-sz", T)
                .submit("admin-sz", T.plusSeconds(60), 50).approve("reg-4403", T.plusSeconds(120));
        RosterEntry withId = new RosterEntry(2, "张三", new ResidentIdNumber(id("44030519900101001")), "13800138000",
                true, "电商", "u-1001");
        RosterEntry without = trainee(3, "李四", "44030519920202002");
        EnrolledClass c = new EnrolledClass(a, List.of(withId, without));
        store.save(c);
        reopen();
        EnrolledClass back = store.find("sz-2027-05").orElseThrow();
        assertThat(back).isEqualTo(c);
        assertThat(back.roster()).extracting(RosterEntry::userId).containsExactly("u-1001", null);
        assertThat(back.rosterUserIds()).containsExactly("u-1001");
    }
}
