package org.wlcy.classroom.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.wlcy.classroom.chat.MuteList.Mute;
import org.wlcy.classroom.participant.UserId;

class MuteListTest {
    private static final UserId L1 = new UserId("l01");
    private static final UserId L2 = new UserId("l02");
    private static final UserId T1 = new UserId("t01");
    private static final UserId T2 = new UserId("t02");
    private final MuteList mutes = new MuteList();

    @Test
    void oneTraineeOrEveryone() {
        assertThat(mutes.muteOf(T1)).isEmpty();

        mutes.set(T1, true, L1);
        assertThat(mutes.muteOf(T1)).contains(new Mute(T1, L1));
        assertThat(mutes.muteOf(T2)).isEmpty();

        mutes.setEveryone(true, L2);
        assertThat(mutes.muteOf(T2)).contains(new Mute(null, L2));
        assertThat(mutes.muteOf(T1)).as("one's own mute is reported first").contains(new Mute(T1, L1));
    }

    @Test
    void unmutingOneWhileEveryoneIsMutedLetsThatOneSpeak() {
        mutes.setEveryone(true, L1);
        mutes.set(T1, false, L1);

        assertThat(mutes.muteOf(T1)).isEmpty();
        assertThat(mutes.muteOf(T2)).isPresent();

        mutes.setEveryone(true, L1); // muting everyone again takes the exception back
        assertThat(mutes.muteOf(T1)).isPresent();
    }

    @Test
    void unmutingEveryoneKeepsSingleMutes() {
        mutes.set(T1, true, L1);
        mutes.setEveryone(true, L1);
        mutes.setEveryone(false, L1);

        assertThat(mutes.muteOf(T1)).isPresent();
        assertThat(mutes.muteOf(T2)).isEmpty();

        mutes.set(T1, false, L1);
        assertThat(mutes.muteOf(T1)).isEmpty();
    }
}
