package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.config.NettyTransport;
import dev.skein.internal.SkeinException;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;

class IoTransportTest {
    private static final Throwable NO_EPOLL =
            new IllegalStateException("init", new UnsatisfiedLinkError("no netty_transport_native_epoll in path"));

    @Test
    void autoTakesEpollWhenItLoadsAndNioOtherwise() {
        assertThat(IoTransport.choose(NettyTransport.AUTO, null)).isEqualTo(IoTransport.EPOLL);
        assertThat(IoTransport.choose(NettyTransport.AUTO, NO_EPOLL)).isEqualTo(IoTransport.NIO);
        assertThat(IoTransport.choose(NettyTransport.AUTO))
                .isEqualTo(Epoll.isAvailable() ? IoTransport.EPOLL : IoTransport.NIO);
    }

    @Test
    void nioIsNioEverywhere() {
        assertThat(IoTransport.choose(NettyTransport.NIO, null)).isEqualTo(IoTransport.NIO);
        assertThat(IoTransport.choose(NettyTransport.NIO)).isEqualTo(IoTransport.NIO);
        assertThat(IoTransport.NIO.displayName()).isEqualTo("nio");
    }

    @Test
    void forcedEpollThatCannotLoadSaysWhyAndWhichSettingToChange() {
        assertThat(IoTransport.choose(NettyTransport.EPOLL, null)).isEqualTo(IoTransport.EPOLL);
        assertThatThrownBy(() -> IoTransport.choose(NettyTransport.EPOLL, NO_EPOLL))
                .isInstanceOf(SkeinException.class)
                .hasMessage("SKEIN_NETTY_TRANSPORT=epoll, but epoll cannot load here (no"
                        + " netty_transport_native_epoll in path); set SKEIN_NETTY_TRANSPORT to auto or nio");
    }
}
