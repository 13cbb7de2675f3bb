package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.skein.config.ConfigException;
import dev.skein.testing.TestCertificate;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ServerTlsTest {
    @TempDir
    static Path dir;

    private static TestCertificate node;
    private static TestCertificate other;

    @BeforeAll
    static void makeCertificates() {
        node = TestCertificate.create(dir, "node");
        other = TestCertificate.create(dir, "other");
    }

    @Test
    void takesOpenSslWhenItLoadsAndTheJdkOtherwise() {
        ServerTls tls = ServerTls.load(node.certFile(), node.keyFile());

        assertThat(tls.providerName()).isEqualTo(OpenSsl.isAvailable() ? "openssl" : "jdk");
        SslHandler handler = tls.newHandler(ByteBufAllocator.DEFAULT);
        assertThat(handler.engine().getUseClientMode()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(
            value = SslProvider.class,
            names = {"OPENSSL", "JDK"})
    void readsAPemCertificateAndItsPkcs8Key(SslProvider provider) {
        assumeTrue(provider == SslProvider.JDK || OpenSsl.isAvailable(), "OpenSSL (netty-tcnative) does not load here");

        assertThat(ServerTls.load(node.certFile(), node.keyFile(), provider).providerName())
                .isEqualTo(provider == SslProvider.JDK ? "jdk" : "openssl");
    }

    @Test
    void aFileThatIsNoCertificateNamesTheCertificateSettingAndFile() throws Exception {
        Path notPem = Files.writeString(dir.resolve("not-a-cert.pem"), "hello\n");

        assertThatThrownBy(() -> ServerTls.load(notPem, node.keyFile()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "SKEIN_TLS_CERT_FILE : " + notPem + " (expected: a PEM certificate chain (BEGIN CERTIFICATE))");
    }

    @Test
    void aFileThatIsNoKeyNamesTheKeySettingAndFile() {
        // the certificate where the key should be: a common mix-up
        assertThatThrownBy(() -> ServerTls.load(node.certFile(), node.certFile()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("SKEIN_TLS_KEY_FILE : " + node.certFile()
                        + " (expected: a PEM private key, PKCS#8 (BEGIN PRIVATE KEY))");
    }

    @ParameterizedTest
    @EnumSource(
            value = SslProvider.class,
            names = {"OPENSSL", "JDK"})
    void theKeyOfAnotherCertificateNamesTheKeySetting(SslProvider provider) {
        assumeTrue(provider == SslProvider.JDK || OpenSsl.isAvailable(), "OpenSSL (netty-tcnative) does not load here");

        assertThatThrownBy(() -> ServerTls.load(node.certFile(), other.keyFile(), provider))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("SKEIN_TLS_KEY_FILE : " + other.keyFile()
                        + " (expected: the private key of SKEIN_TLS_CERT_FILE's certificate: ");
    }
}
