package dev.skein.nettysocketio.app;

import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.annotation.OnConnect;
import com.corundumstudio.socketio.annotation.OnDisconnect;
import com.corundumstudio.socketio.annotation.OnEvent;
import java.util.ArrayList;
import java.util.List;

/** The listeners of the {@code /admin} namespace, found by netty-socketio's annotation scanners. */
public final class AdminListeners {
    private final SocketIOServer server;

    AdminListeners(SocketIOServer server) {
        this.server = server;
    }

    @OnConnect
    public void onConnect(SocketIOClient client) {
        client.joinRoom("admins");
        List<String> rooms = new ArrayList<>(client.getAllRooms());
        rooms.sort(null);
        client.sendEvent("admin-welcome", rooms);
    }

    @OnEvent("announce")
    public void onAnnounce(SocketIOClient client, String text, AckRequest ack) {
        server.getRoomOperations("lobby").sendEvent("announcement", text);
        ack.sendAckData("sent");
    }

    @OnDisconnect
    public void onDisconnect(SocketIOClient client) {
        client.leaveRoom("admins");
    }
}
