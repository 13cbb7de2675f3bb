package dev.skein.nettysocketio.app;

/** A chat line: a JavaBean, as netty-socketio applications write them. */
public class ChatMessage {
    private String room;
    private String user;
    private String text;

    public ChatMessage() {}

    public String getRoom() {
        return room;
    }

    public void setRoom(String room) {
        this.room = room;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getText() {
        return text;
    }

    public void setText(String text) {
        this.text = text;
    }
}
