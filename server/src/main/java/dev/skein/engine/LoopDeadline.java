package dev.skein.engine;

import dev.skein.socket.Deadline;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's re-armable timer on the {@link LoopTimer} of its home event loop. Each arming is one small
 * wheel entry on the wheel of the loop that is home then: a connection that moves to its websocket's loop
 * keeps its armed entry where it is (an entry is touched by its own wheel's loop only), and the action runs
 * on the new home when it fires. State lives on the home loop; {@link #arm} and {@link #cancel} hop there.
 */
final class LoopDeadline implements Deadline {
    private static final Logger log = LoggerFactory.getLogger(LoopDeadline.class);
    private static final long MAX_DELAY_NANOS = TimeUnit.DAYS.toNanos(36_500);

    private final Connection connection;
    private final Runnable action;
    /** The entry armed now, or {@code null}; on the home loop. */
    private Shot armed;

    LoopDeadline(Connection connection, Runnable action) {
        this.connection = connection;
        this.action = action;
    }

    @Override
    public void arm(Duration delay) {
        long nanos = delay.isNegative()
                ? 0
                : delay.compareTo(Duration.ofNanos(MAX_DELAY_NANOS)) >= 0 ? MAX_DELAY_NANOS : delay.toNanos();
        connection.execute(() -> rearm(nanos));
    }

    @Override
    public void cancel() {
        connection.execute(this::disarm);
    }

    private void rearm(long nanos) {
        disarm();
        if (!connection.isOpen()) {
            return;
        }
        Shot shot = new Shot(connection.timer());
        armed = shot;
        shot.wheel.arm(shot, nanos);
    }

    private void disarm() {
        Shot shot = armed;
        if (shot != null) {
            armed = null;
            shot.cancel();
        }
    }

    private void fire(Shot shot) {
        if (armed != shot) {
            return; // re-armed or cancelled since this entry fired
        }
        armed = null;
        if (!connection.isOpen()) {
            return;
        }
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("Deadline action failed on client {}", connection.sessionId(), e);
        }
    }

    /** One arming, on one loop's wheel. */
    private final class Shot extends LoopTimer.Entry {
        private final LoopTimer wheel;

        Shot(LoopTimer wheel) {
            this.wheel = wheel;
        }

        void cancel() {
            if (wheel.loop().inEventLoop()) {
                wheel.cancel(this);
            } else {
                wheel.loop().execute(() -> wheel.cancel(this));
            }
        }

        @Override
        void expired() {
            connection.execute(() -> fire(this));
        }
    }
}
