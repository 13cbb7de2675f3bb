package dev.skein.engine;

import dev.skein.config.ConfigException;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Path;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * The client port's TLS: one server context, read once from a PEM certificate chain and its private key,
 * by OpenSSL (netty-tcnative's BoringSSL) when it loads and by the JDK otherwise. HTTP/1.1 only (no ALPN).
 * Immutable and thread-safe; certificates are not reloaded (a new certificate needs a restart).
 */
final class ServerTls {
    static final String CERT_SETTING = "SKEIN_TLS_CERT_FILE";
    static final String KEY_SETTING = "SKEIN_TLS_KEY_FILE";

    private final SslContext context;
    private final SslProvider provider;

    private ServerTls(SslContext context, SslProvider provider) {
        this.context = context;
        this.provider = provider;
    }

    /**
     * Reads the certificate chain and key.
     *
     * @throws ConfigException naming the setting and the file at fault when a file is not a PEM certificate
     *     chain or private key, or the key does not fit the certificate
     */
    static ServerTls load(Path certFile, Path keyFile) {
        return load(certFile, keyFile, OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK);
    }

    /** Like {@link #load(Path, Path)}, by {@code provider}. */
    static ServerTls load(Path certFile, Path keyFile, SslProvider provider) {
        SslContextBuilder builder;
        try {
            builder = SslContextBuilder.forServer(certFile.toFile(), keyFile.toFile());
        } catch (IllegalArgumentException e) {
            // Netty reads the chain first, then the key, and says which one it could not read
            if (String.valueOf(e.getMessage()).contains("private key")) {
                throw ConfigException.invalid(KEY_SETTING, keyFile, "a PEM private key, PKCS#8 (BEGIN PRIVATE KEY)");
            }
            throw ConfigException.invalid(CERT_SETTING, certFile, "a PEM certificate chain (BEGIN CERTIFICATE)");
        }
        try {
            SslContext context = builder.sslProvider(provider).build();
            // building does not check that the key is the certificate's: a renewed certificate beside the old
            // key would only fail later, in every client's handshake
            handshakeWithItself(context);
            return new ServerTls(context, provider);
        } catch (SSLException | IllegalArgumentException e) {
            throw ConfigException.invalid(
                    KEY_SETTING, keyFile, "the private key of " + CERT_SETTING + "'s certificate: " + e.getMessage());
        }
    }

    /** One handshake in memory with a client that trusts any certificate: it fails when the key does not fit. */
    private static void handshakeWithItself(SslContext server) throws SSLException {
        SslContext client = SslContextBuilder.forClient()
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .build();
        SslHandler clientTls = client.newHandler(ByteBufAllocator.DEFAULT);
        EmbeddedChannel serverSide = new EmbeddedChannel(server.newHandler(ByteBufAllocator.DEFAULT));
        EmbeddedChannel clientSide = new EmbeddedChannel(clientTls);
        try {
            for (int round = 0; round < 10 && !clientTls.handshakeFuture().isDone(); round++) {
                relay(clientSide, serverSide);
                relay(serverSide, clientSide);
            }
        } catch (RuntimeException e) {
            // the side that failed first rethrows its error from writeInbound
            throw new SSLException(rootMessage(e), e);
        } finally {
            serverSide.finishAndReleaseAll();
            clientSide.finishAndReleaseAll();
        }
        if (!clientTls.handshakeFuture().isSuccess()) {
            Throwable failure = clientTls.handshakeFuture().cause();
            throw new SSLException(failure == null ? "the handshake did not finish" : rootMessage(failure), failure);
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static void relay(EmbeddedChannel from, EmbeddedChannel to) {
        for (Object bytes = from.readOutbound(); bytes != null; bytes = from.readOutbound()) {
            to.writeInbound(bytes);
        }
    }

    /** A new connection's TLS handler, the first of its pipeline. */
    SslHandler newHandler(ByteBufAllocator allocator) {
        return context.newHandler(allocator);
    }

    /** The provider's name in logs: {@code openssl} or {@code jdk}. */
    String providerName() {
        return provider.name().toLowerCase(Locale.ROOT);
    }
}
