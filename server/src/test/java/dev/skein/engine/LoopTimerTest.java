package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-event-loop timer wheel, on an embedded loop whose clock the test moves. */
class LoopTimerTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final LoopTimer timer = new LoopTimer(channel.eventLoop(), 10, 64);
    private final List<String> fired = new ArrayList<>();

    @Test
    void anEntryFiresOnceItsDeadlinePassesAndNotBefore() {
        timer.arm(entry("a"), TimeUnit.MILLISECONDS.toNanos(100));

        advance(90);
        assertThat(fired).isEmpty();
        advance(20);
        assertThat(fired).containsExactly("a");
        advance(1_000);
        assertThat(fired).containsExactly("a");
    }

    @Test
    void reArmingMovesTheDeadlineAndCancellingDropsIt() {
        LoopTimer.Entry a = entry("a");
        LoopTimer.Entry b = entry("b");
        timer.arm(a, TimeUnit.MILLISECONDS.toNanos(50));
        timer.arm(b, TimeUnit.MILLISECONDS.toNanos(50));
        advance(30);
        timer.arm(a, TimeUnit.MILLISECONDS.toNanos(100));
        timer.cancel(b);

        advance(50);
        assertThat(fired).isEmpty();
        advance(70);
        assertThat(fired).containsExactly("a");
        assertThat(a.isArmed()).isFalse();
    }

    @Test
    void deadlinesBeyondOneTurnOfTheWheelFireOnTime() {
        // 64 slots of 10 ms: one turn is 640 ms
        timer.arm(entry("far"), TimeUnit.MILLISECONDS.toNanos(2_000));

        advance(1_950);
        assertThat(fired).isEmpty();
        advance(70);
        assertThat(fired).containsExactly("far");
    }

    @Test
    void aCallbackMayReArmItselfOrCancelAnotherDueInTheSameTick() {
        LoopTimer.Entry victim = entry("victim");
        LoopTimer.Entry repeating = new LoopTimer.Entry() {
            @Override
            void expired() {
                fired.add("repeat");
                timer.cancel(victim);
                timer.arm(this, TimeUnit.MILLISECONDS.toNanos(100));
            }
        };
        // the wheel walks a slot newest first: the victim, armed first, is visited after the other
        timer.arm(victim, TimeUnit.MILLISECONDS.toNanos(100));
        timer.arm(repeating, TimeUnit.MILLISECONDS.toNanos(100));

        advance(320);

        assertThat(fired).containsExactly("repeat", "repeat", "repeat");
    }

    private LoopTimer.Entry entry(String name) {
        return new LoopTimer.Entry() {
            @Override
            void expired() {
                fired.add(name);
            }
        };
    }

    private void advance(long millis) {
        for (long step = 0; step < millis; step += 5) {
            channel.advanceTimeBy(5, TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
        }
    }
}
