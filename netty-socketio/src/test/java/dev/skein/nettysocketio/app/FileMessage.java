package dev.skein.nettysocketio.app;

/** A file sent to a room: its bytes travel as a binary attachment. */
public class FileMessage {
    private String room;
    private String name;
    private byte[] data;

    public FileMessage() {}

    public String getRoom() {
        return room;
    }

    public void setRoom(String room) {
        this.room = room;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public byte[] getData() {
        return data;
    }

    public void setData(byte[] data) {
        this.data = data;
    }
}
