package dev.skein.nettysocketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.namespace.Namespace;
import com.corundumstudio.socketio.transport.NamespaceClient;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every public (and protected) method of the netty-socketio classes extended here is overridden, so none of
 * netty-socketio's runtime (its pipeline, stores, bootstrap, rooms, transport) can run under a Skein server.
 */
class OverridesEverythingTest {
    @Test
    void theServerOverridesEveryMethodOfSocketIOServer() {
        assertThat(notOverridden(SocketIOServer.class, SkeinSocketIOServer.class))
                .isEmpty();
    }

    @Test
    void theNamespaceOverridesEveryMethodOfNamespace() {
        assertThat(notOverridden(Namespace.class, SkeinNamespace.class)).isEmpty();
    }

    @Test
    void theClientOverridesEveryMethodOfNamespaceClient() {
        assertThat(notOverridden(NamespaceClient.class, SkeinClient.class)).isEmpty();
    }

    @Test
    void theAckRequestOverridesEveryMethodOfAckRequest() {
        assertThat(notOverridden(AckRequest.class, SkeinAckRequest.class)).isEmpty();
    }

    private static List<String> notOverridden(Class<?> base, Class<?> sub) {
        List<String> missing = new ArrayList<>();
        for (Class<?> type = base; type != null && type != Object.class; type = type.getSuperclass()) {
            for (Method method : type.getDeclaredMethods()) {
                int modifiers = method.getModifiers();
                if (Modifier.isStatic(modifiers) || method.isSynthetic() || Modifier.isPrivate(modifiers)) {
                    continue;
                }
                if (!Modifier.isPublic(modifiers) && !Modifier.isProtected(modifiers)) {
                    continue;
                }
                try {
                    sub.getDeclaredMethod(method.getName(), method.getParameterTypes());
                } catch (NoSuchMethodException e) {
                    missing.add(type.getSimpleName() + "." + method.getName());
                }
            }
        }
        return missing;
    }
}
